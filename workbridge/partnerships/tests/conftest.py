import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pdf_file():
    def make(name="signed.pdf", content=PDF_BYTES):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def pair(world):
    """An active agreement between world.school1 and world.enterprise1 with one clause, one project."""
    from workbridge.partnerships.tests.factories import AgreementFactory, ClauseFactory, ProjectFactory

    agreement = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        signed_on=dt.date(2025, 8, 20),
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2028, 8, 31),
    )
    ClauseFactory(agreement=agreement, position=1)
    project = ProjectFactory(agreement=agreement, start_date=dt.date(2025, 9, 1))
    other = AgreementFactory(school=world.school2, enterprise=world.enterprise2, status="active")
    other_project = ProjectFactory(agreement=other)
    return type(
        "Pair", (), {"agreement": agreement, "project": project, "other": other, "other_project": other_project}
    )
