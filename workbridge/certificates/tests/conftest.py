import pytest


@pytest.fixture(autouse=True)
def _catalogue(request):
    """The catalogue comes from a data migration, but browser (transactional) tests flush every table when they
    end; on a shared test worker the rows are gone for later tests, so they are loaded again when missing."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from workbridge.certificates.catalogue import load_catalogue
    from workbridge.certificates.models import Certificate

    if not Certificate.objects.exists():
        load_catalogue(Certificate)
