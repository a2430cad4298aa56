"""Readiness against the Jiangsu 2021 set, incentive statements from project records, and the ledger."""

import datetime as dt
from decimal import Decimal

import pytest

from workbridge.core.access import actor_for
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.evaluation import services
from workbridge.evaluation.incentives import statement_for
from workbridge.evaluation.ledger import ledgers_for_year
from workbridge.evaluation.readiness import readiness_for
from workbridge.organizations.models import Affiliation, Organization

from . import builders as b

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2025, 6, 1)


def _status(r):
    return {i.criterion.key: i.outcome.status for i in r.items}


def test_readiness_shows_met_missing_and_unknown(world):
    ent = world.enterprise1
    r = readiness_for(ent, today=TODAY)
    st = _status(r)
    assert not r.ready
    assert st["build_first"] == "missing" and st["years_in_operation"] == "unknown"
    assert st["dedicated_staff"] == "met"  # the world gives the enterprise a mentor
    assert st["clean_record"] == "met"


def test_readiness_met_with_records_and_verified_statements(world):
    ent, school = world.enterprise1, world.school1
    ag = b.agreement(school, ent, start=D(2021, 9, 1), end=D(2027, 8, 31))
    b.project(ag, "apprenticeship", start=D(2022, 9, 1))
    group = Organization.objects.create(kind="group", name="职教集团", region=world.region1)
    Affiliation.objects.create(body=group, member=ent)
    ent_admin = actor_for(world.users[Role.ENTERPRISE_ADMIN])
    officer = actor_for(world.users[Role.AUTHORITY_OFFICER])
    for key in (
        "voluntary_application",
        "years_in_operation",
        "scale_or_leader",
        "education_funds",
        "skill_linked_pay",
        "good_credit",
    ):
        att = services.attestation_submit(
            actor=ent_admin, enterprise_id=ent.pk, criterion_key=key, statement="见营业执照"
        )
        services.attestation_decide(actor=officer, attestation_id=att.pk, verified=True)
    r = readiness_for(ent, today=TODAY)
    st = _status(r)
    assert st["build_first"] == "met"
    assert st["apprenticeship_pilot"] == "met" and st["group_member"] == "met"
    assert st["runs_college"] == "missing"
    assert r.ready, [i.criterion.key for i in r.missing]
    # a serious incident breaks the clean record
    from django.utils import timezone

    from workbridge.placements.models import Incident

    pl = b.placement(school, ent)
    Incident.objects.create(
        placement=pl, kind="injury", severity="serious", occurred_at=timezone.now(), description="x"
    )
    assert _status(readiness_for(ent, today=dt.date.today()))["clean_record"] == "missing"


def test_attestation_rules(world):
    ent_admin = actor_for(world.users[Role.ENTERPRISE_ADMIN])
    with pytest.raises(ValidationFailed):
        services.attestation_submit(
            actor=ent_admin, enterprise_id=world.enterprise1.pk, criterion_key="build_first", statement="x"
        )
    with pytest.raises(PermissionDenied):
        services.attestation_submit(
            actor=ent_admin, enterprise_id=world.enterprise2.pk, criterion_key="good_credit", statement="x"
        )


def test_incentive_statement_from_project_records_with_carry_forward(world):
    ent, school = world.enterprise1, world.school1
    officer = actor_for(world.users[Role.AUTHORITY_OFFICER])
    ent_admin = actor_for(world.users[Role.ENTERPRISE_ADMIN])
    ag = b.agreement(school, ent, start=D(2021, 1, 1), end=D(2027, 12, 31))
    base = b.project(ag, "training_base", start=D(2022, 1, 1))
    rnd = b.project(ag, "joint_rnd", start=D(2022, 1, 1))
    b.output(base, "money_invested", 100000, on=D(2021, 12, 1))  # before certification: not eligible
    b.output(base, "money_invested", 600000, on=D(2023, 3, 1))
    b.output(base, "equipment_value", 400000, on=D(2023, 5, 1))
    b.output(rnd, "money_invested", 999999, on=D(2023, 5, 1))  # R&D is not investment in education
    b.output(base, "people_trained", 80, on=D(2023, 5, 1))  # not money
    services.certification_record(
        actor=officer, enterprise_id=ent.pk, reference="苏发改社会〔2022〕1号", certified_on=D(2022, 6, 1)
    )
    services.surcharge_declare(
        actor=ent_admin, enterprise_id=ent.pk, year=2023, education_surcharge=120000, local_education_surcharge=80000
    )
    services.surcharge_declare(
        actor=ent_admin, enterprise_id=ent.pk, year=2024, education_surcharge=60000, local_education_surcharge=40000
    )
    st = statement_for(ent.pk, until_year=2025)
    y2023, y2024, y2025 = st.year(2023), st.year(2024), st.year(2025)
    assert y2023.investment == Decimal("1000000.00") and y2023.credit == Decimal("300000.00")
    assert y2023.offset == Decimal("200000.00") and y2023.carried_out == Decimal("100000.00")
    assert y2024.carried_in == Decimal("100000.00") and y2024.offset == Decimal("100000.00") and y2024.carried_out == 0
    assert y2025.available == 0
    assert len(st.investment_rows[2023]) == 2
    assert st.year(2022).credit == 0


def test_enterprise_cannot_declare_for_another(world):
    with pytest.raises(PermissionDenied):
        services.surcharge_declare(
            actor=actor_for(world.users[Role.ENTERPRISE_ADMIN]),
            enterprise_id=world.enterprise2.pk,
            year=2024,
            education_surcharge=1,
            local_education_surcharge=1,
        )


def test_ledger_balance_and_one_sided(world):
    s1, e1 = world.school1, world.enterprise1
    for _ in range(20):
        b.placement(s1, e1, start=D(2024, 3, 1), end=D(2024, 6, 30))  # school gains placements, no hires
    ledgers = ledgers_for_year(2024)
    entry = ledgers[(s1.pk, e1.pk)]
    assert entry.values["placements"].value == 20
    assert entry.values["hires"].value == 0
    assert entry.balance.state == "school_only" and entry.balance.one_sided
    for _ in range(5):
        b.placement(s1, e1, start=D(2024, 3, 1), end=D(2024, 6, 30), hired=True)
    b.output(b.project(b.agreement(s1, e1)), "people_trained", 50, on=D(2024, 5, 1))
    entry = ledgers_for_year(2024)[(s1.pk, e1.pk)]
    assert entry.values["hires"].value == 5
    assert entry.balance.state == "balanced"


# ---------------------------------------------------------------- attestation documents (stored XSS, issue 8)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.mark.parametrize(
    "filename,content",
    [
        ("evil.html", b"<html><script>alert(1)</script></html>"),
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("scan.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_attestation_page_refuses_anything_but_pdf_or_image(world, client, filename, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workbridge.evaluation.models import Attestation

    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    response = client.post(
        f"/evaluation/integration/{world.enterprise1.pk}/attest/",
        {
            "criterion_key": "good_credit",
            "statement": "见附件",
            "document": SimpleUploadedFile(filename, content),
        },
    )
    assert response.status_code == 400  # the page again, the refusal beside the document box
    form = next(row["attest_form"] for row in response.context["items"] if row["attest_form"].is_bound)
    assert form.errors["document"]
    assert not Attestation.objects.filter(enterprise=world.enterprise1, criterion_key="good_credit").exists()


def test_attestation_document_is_stored_renamed_and_served_behind_access(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workbridge.evaluation.models import Attestation

    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    client.post(
        f"/evaluation/integration/{world.enterprise1.pk}/attest/",
        {
            "criterion_key": "good_credit",
            "statement": "见附件",
            "document": SimpleUploadedFile("..\\..\\x.pdf", PDF, content_type="text/html"),
        },
    )
    att = Attestation.objects.get(enterprise=world.enterprise1, criterion_key="good_credit")
    assert att.document.name.startswith("attestations/") and att.document.name.endswith(".pdf")
    assert ".." not in att.document.name and "x.pdf" not in att.document.name
    url = f"/evaluation/integration/{world.enterprise1.pk}/attestations/{att.pk}/document/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    client.force_login(world.other[Role.ENTERPRISE_ADMIN])
    assert client.get(url).status_code == 404
    r = readiness_for(world.enterprise1, today=TODAY)
    links = [link for item in r.items for _label, link in item.outcome.evidence if link]
    assert url in links
