"""Every action a page offers has an API twin, and the API documents what its action endpoints accept.

A page action is a write service called from a page view (``views*.py``); its twin is the same service called
from an API module (``apis*.py``). The test reads both kinds of module with ``ast``, resolves each call to the
function object and compares the two sets, so a new page form without an endpoint fails here by name.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib

import pytest
import yaml
from django.core.management import call_command

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the workbridge package

# Writes a page may call without an API twin, each with the reason.
PAGE_ONLY = {
    # The audit line a page writes about itself (the API's token endpoint writes its own).
    "workbridge.core.services.audit_record": "bookkeeping of a page, not an action",
}


def _is_write_service(func) -> bool:
    """A service in the house style: in a services module (or the accounts service of academics), taking the acting
    user or the user keyword-only. Predicates and read helpers take their arguments positionally."""
    module = func.__module__
    if ".services" not in module and not module.endswith(".accounts"):
        return False
    params = inspect.signature(func).parameters.values()
    return any(p.kind is p.KEYWORD_ONLY and p.name in ("actor", "user") for p in params)


def _service_calls(path: pathlib.Path) -> set[str]:
    module = importlib.import_module(".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
    calls = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        target = None
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            base = module.__dict__.get(node.func.value.id)
            if inspect.ismodule(base):
                target = getattr(base, node.func.attr, None)
        elif isinstance(node.func, ast.Name):
            target = module.__dict__.get(node.func.id)
        if inspect.isfunction(target) and _is_write_service(target):
            calls.add(f"{target.__module__}.{target.__name__}")
    return calls


def _modules(prefix: str) -> list[pathlib.Path]:
    return sorted(p for p in ROOT.rglob(f"{prefix}*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def test_the_scan_finds_page_actions_and_api_twins():
    """Guards the scanner itself: known pairs must be seen on both sides."""
    page = set().union(*(_service_calls(p) for p in _modules("views")))
    api = set().union(*(_service_calls(p) for p in _modules("apis")))
    for known in (
        "workbridge.placements.services.placements.placement_terminate",
        "workbridge.partnerships.services.agreement_renew",
    ):
        assert known in page and known in api


def test_every_page_action_has_an_api_twin():
    page: dict[str, set[str]] = {}
    for path in _modules("views"):
        for call in _service_calls(path):
            page.setdefault(call, set()).add(str(path.relative_to(ROOT.parent)))
    api = set().union(*(_service_calls(p) for p in _modules("apis")))
    missing = {call: sorted(where) for call, where in page.items() if call not in api and call not in PAGE_ONLY}
    assert not missing, "page actions without an API endpoint:\n" + "\n".join(
        f"  {call} (from {', '.join(where)})" for call, where in sorted(missing.items())
    )


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def _body_ref(operation: dict) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    for media in ("application/json", "multipart/form-data"):
        ref = content.get(media, {}).get("schema", {}).get("$ref", "")
        if ref:
            return ref.rsplit("/", 1)[-1]
    return ""


def _response_ref(operation: dict) -> str:
    for code in ("200", "201"):
        ref = operation.get("responses", {}).get(code, {}).get("content", {})
        ref = ref.get("application/json", {}).get("schema", {}).get("$ref", "")
        if ref:
            return ref.rsplit("/", 1)[-1]
    return ""


def test_action_endpoints_document_their_own_request_body(schema):
    """An action (POST to .../<id>/<verb>/ or .../<verb>/) documents the input it reads, not the whole resource: a
    body named after the resource it answers with (``PositionRequest`` for a ``Position``) is the default schema
    DRF guesses, and a generated client would send fields the endpoint ignores."""
    wrong = []
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if not post or path.endswith("}/"):
            continue
        is_action = "}/" in path or path.rstrip("/").rsplit("/", 1)[-1] in ("assign-mentor", "review-batch")
        if not is_action:
            continue
        body, answer = _body_ref(post), _response_ref(post)
        if body and answer and body in (f"{answer}Request", f"Patched{answer}Request"):
            wrong.append(f"POST {path}: documents {body}")
    assert not wrong, "\n".join(wrong)


def test_new_twins_are_in_the_schema(schema):
    paths = schema["paths"]
    for path in (
        "/api/v1/placements/placements/{id}/leave/",
        "/api/v1/placements/placements/{id}/training/",
        "/api/v1/placements/leave-requests/{id}/decide/",
        "/api/v1/placements/checkins/{id}/decide/",
        "/api/v1/placements/self-found/{id}/decide/",
        "/api/v1/placements/positions/{id}/close/",
    ):
        assert "post" in paths[path], path
        assert paths[path]["post"].get("description"), f"{path} has no description"
