"""The OpenAPI schema is generated without a single drf-spectacular warning or error, validates against the
OpenAPI specification, and is served (with its Swagger UI / ReDoc pages) from our own static files, no CDN."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

from workbridge.core.roles import Role

CDN_HINTS = ("cdn", "jsdelivr", "unpkg", "googleapis", "cloudflare", "bootcdn", "staticfile.org")


def _generate(tmp_path, capsys, *extra) -> dict:
    """Run `manage.py spectacular --validate --fail-on-warn` in-process; fail with drf-spectacular's messages."""
    GENERATOR_STATS.reset()  # counts are process-wide; start from zero so only this run is judged
    target = tmp_path / "schema.yml"
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), *extra)
    except Exception as exc:  # SchemaGenerationError / SchemaValidationError
        pytest.fail(f"OpenAPI schema is not clean ({type(exc).__name__}: {exc}):\n{capsys.readouterr().err}")
    finally:
        stats = (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
        GENERATOR_STATS.reset()
    warnings, errors = stats
    assert not warnings and not errors, f"warnings: {list(warnings)}\nerrors: {list(errors)}"
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def test_schema_has_no_warnings_or_errors_and_validates(tmp_path, capsys):
    schema = _generate(tmp_path, capsys)
    paths = schema["paths"]
    assert len(paths) > 50, "the schema should describe the whole API"
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values() if isinstance(op, dict)]
    assert len(operation_ids) == len(set(operation_ids))
    # No enum or component name made up from a hash (what drf-spectacular falls back to on a name collision).
    hashed = [name for name in schema["components"]["schemas"] if re.search(r"[0-9a-f]{3}Enum$", name)]
    assert not hashed, hashed
    # Hand-built APIView responses are described, not left empty.
    postings = paths["/api/v1/labour-market/postings/"]["get"]
    assert postings["operationId"] == "v1_labour_market_postings_list"
    assert "PaginatedPostingOutList" in str(postings["responses"]["200"])
    assert "MajorMatrixOut" in str(paths["/api/v1/labour-market/majors/{id}/matrix/"]["get"]["responses"]["200"])
    assert "ProgressRowOut" in str(paths["/api/v1/faculty/progress/{id}/"]["get"]["responses"]["200"])


def test_no_operation_is_described_by_a_developer_note(tmp_path, capsys):
    """A view without a docstring of its own used to show its mixin's ("For DRF views: ``self.actor`` is the acting
    identity") on 141 operations; now it is described by its action's docstring, its own, or its records."""
    from django.utils.text import capfirst

    from workbridge.core.api import ActorMixin
    from workbridge.core.api_exports import ExportableListMixin
    from workbridge.core.viewsets import ArchivedListMixin
    from workbridge.placements.models import CheckIn

    notes = {" ".join(cls.__doc__.split()) for cls in (ActorMixin, ArchivedListMixin, ExportableListMixin)}
    operations = {
        (path, method): op
        for path, item in _generate(tmp_path, capsys)["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
    }
    described = {key: " ".join(op.get("description", "").split()) for key, op in operations.items()}
    assert not [key for key, text in described.items() if text in notes or "self.actor" in text]
    # a view with no docstring of its own: the records it serves
    assert described["/api/v1/placements/checkins/", "get"] == capfirst(CheckIn._meta.verbose_name_plural)
    # the action's own docstring still wins
    assert described["/api/v1/placements/checkins/", "post"].startswith("Idempotent: the same client_key")
    assert not [key for key, text in described.items() if not text], "operations without a description"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_named_enums_differ_in_every_language(language):
    """drf-spectacular tells the named enums (ENUM_NAME_OVERRIDES) apart by their values and labels in the language
    of the request: two with the same pairs in one language break the schema of everyone reading it in that
    language (a feedback round's and a survey's "Open"/"Closed" did in English)."""
    from django.utils import translation
    from drf_spectacular.plumbing import _load_enum_name_overrides

    _load_enum_name_overrides.cache_clear()
    GENERATOR_STATS.reset()
    with translation.override(language):
        overrides = _load_enum_name_overrides(language)
    errors = dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()
    assert not errors and len(overrides) == len(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])


def test_schema_is_clean_in_chinese_too(tmp_path, capsys):
    schema = _generate(tmp_path, capsys, "--lang", "zh-hans")
    assert schema["info"]["title"] == "WorkBridge API"


def _local_assets(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_use_only_local_assets(world, client, url):
    client.force_login(world.users[Role.TEACHER])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    lowered = html.lower()
    assert not [hint for hint in CDN_HINTS if hint in lowered], "the docs page names a CDN"
    assets = _local_assets(html)
    assert assets, "the docs page loads its scripts and styles from somewhere"
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by WorkBridge itself"
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing from the static files"
    assert "/api/schema/" in html


@pytest.mark.django_db
def test_schema_endpoint_serves_the_schema(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.") and "/api/v1/agreements/" in schema["paths"]


def test_times_of_day_are_described_as_drf_writes_them(tmp_path, capsys):
    """DRF writes a time of day without an offset ("08:00:00"); JSON Schema's "time" format demands one, so the API
    fuzz found the resources' answers "violating" their own schema. Times are a pattern instead."""
    from workbridge.core.openapi import TIME_OF_DAY_PATTERN

    schema = _generate(tmp_path, capsys)
    resource = schema["components"]["schemas"]["Resource"]["properties"]
    for name in ("open_from", "open_until"):
        assert resource[name]["pattern"] == TIME_OF_DAY_PATTERN and resource[name]["format"] != "time"
    assert re.fullmatch(TIME_OF_DAY_PATTERN[1:-1], "08:00:00") and re.fullmatch(TIME_OF_DAY_PATTERN[1:-1], "21:30")
    assert not re.fullmatch(TIME_OF_DAY_PATTERN[1:-1], "25:00")
    text = yaml.safe_dump(schema)
    assert "format: time\n" not in text
