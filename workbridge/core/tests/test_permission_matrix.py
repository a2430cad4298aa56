"""The permission matrix: every URL pattern (pages and API, found by walking the URL resolver) with every role.

For a user of region 1 and objects of region 2 (see ``workbridge/core/matrix.py`` for how routes declare the
objects they need):
- anonymous users are redirected to the log-in page (pages) or get 401 (API), except public routes;
- a detail/action URL of another region's object answers 404 (or 403 when the role may not use the route at all,
  i.e. it also gets 403 for its own region's object), never 2xx;
- writes (POST, and PATCH/PUT/DELETE on the API) to another region's object answer 403/404/405;
- list pages and API lists never contain another region's private rows (their ids or marker text);
- routes declaring ``write_roles`` answer 403 to every other role;
- nothing answers 5xx.
Routes whose kwargs cannot be resolved fail ``test_every_route_is_resolvable`` and are named there.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from workbridge.core import matrix
from workbridge.core.access import _SCOPES
from workbridge.core.roles import Role

SIDE_ROLES = [
    Role.AUTHORITY_OFFICER,
    Role.GROUP_OFFICER,
    Role.ASSOCIATION_OFFICER,
    Role.SCHOOL_ADMIN,
    Role.TEACHER,
    Role.ENTERPRISE_ADMIN,
    Role.ENTERPRISE_MENTOR,
    Role.STUDENT,
]
SKIP_PREFIXES = ("static/", "media/", "__debug__/")


def _load_registrations() -> None:
    for app in settings.WORKBRIDGE_APPS:
        try:
            importlib.import_module(f"{app}.tests.matrix")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{app}.tests.matrix", f"{app}.tests"):
                raise


_load_registrations()


@dataclass
class Route:
    name: str
    route: str
    kwargs: list[str]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def model(self):
        cls = getattr(self.callback, "cls", None)
        queryset = getattr(cls, "queryset", None)
        if queryset is not None:
            return queryset.model
        # Viewsets that build their queryset per request still name their model through the serializer.
        serializer = getattr(cls, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        return getattr(meta, "model", None)

    @property
    def drf_actions(self) -> dict:
        return getattr(self.callback, "actions", None) or {}


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                kwargs = sorted(pattern.pattern.regex.groupindex)
                if route.startswith(SKIP_PREFIXES) or "format" in kwargs:
                    continue
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append(
                    Route(name=name or f"<unnamed {route}>", route=route, kwargs=kwargs, callback=pattern.callback)
                )

    walk(get_resolver().url_patterns)
    return found


def _resolve_kwarg(route: Route, kwarg: str):
    """The sample (or Const) that fills ``kwarg`` of ``route``, or None."""
    rule = matrix.rule_for(route.name)
    if rule is not None and kwarg in rule.kwargs:
        value = rule.kwargs[kwarg]
        return value if isinstance(value, matrix.Const) else matrix.SAMPLES.get(value)
    if kwarg in matrix.KWARGS:
        value = matrix.KWARGS[kwarg]
        return value if isinstance(value, matrix.Const) else matrix.SAMPLES.get(value)
    if kwarg == "pk" and route.model is not None:
        return matrix.sample_for_model(route.model)
    return None


def unresolved(routes: list[Route]) -> list[str]:
    problems = []
    for route in routes:
        if route.is_admin:
            continue
        rule = matrix.rule_for(route.name)
        if rule is not None and rule.skip:
            continue
        if route.name.startswith("<unnamed"):
            problems.append(f"{route.route}: give the URL pattern a name")
            continue
        for kwarg in route.kwargs:
            if _resolve_kwarg(route, kwarg) is None:
                problems.append(f"{route.name} ({route.route}): no sample for <{kwarg}>")
    return problems


def test_every_route_is_resolvable():
    """Fails loudly for any route the matrix cannot fill (register it in your app's tests/matrix.py)."""
    problems = unresolved(all_routes())
    assert not problems, "Register matrix samples (see docs/DEVELOPING.md, 'Permission matrix'):\n" + "\n".join(
        problems
    )


# ------------------------------------------------------------------------------------------------- the world


class MatrixWorld:
    def __init__(self, world):
        self.world = world
        self._cache: dict[tuple[str, int], object] = {}
        self.markers: set[str] = set()

    def obj(self, sample: matrix.Sample, side: int):
        key = (sample.name, side)
        if key not in self._cache:
            self._cache[key] = sample.make(self.world, side)
            if side == 2 and sample.marker is not None:
                self.markers.add(str(sample.marker(self._cache[key])))
        return self._cache[key]

    def materialise(self, routes) -> None:
        """Create every sample of both sides up front, so list routes are checked with region 2's rows present."""
        for route, _rule in routes:
            for kwarg in route.kwargs:
                sample = _resolve_kwarg(route, kwarg)
                if sample is not None and not isinstance(sample, matrix.Const):
                    self.obj(sample, 1)
                    self.obj(sample, 2)

    def url(self, route: Route, side: int) -> str:
        values = {}
        for kwarg in route.kwargs:
            sample = _resolve_kwarg(route, kwarg)
            if isinstance(sample, matrix.Const):
                values[kwarg] = sample.value
            else:
                values[kwarg] = self.obj(sample, side).pk
        return reverse(route.name, kwargs=values)

    def private_q(self, model) -> Q | None:
        """Rows of ``model`` linked only to region 2 (None when the matrix cannot tell)."""
        if model in matrix.PUBLIC_MODELS:
            return None
        if model in matrix.PRIVATE_ROWS:
            return matrix.PRIVATE_ROWS[model](self.world)
        spec = _SCOPES.get(model)
        if spec is None or spec.custom is not None:
            return None
        r1, r2 = self.world.region1.pk, self.world.region2.pk

        def linked(region):
            q = Q(pk__in=[])
            if spec.school:
                q |= Q(**{f"{spec.school}__region_id": region})
            if spec.enterprise:
                q |= Q(**{f"{spec.enterprise}__region_id": region})
            if spec.student:
                path = "school__region_id" if spec.student == "pk" else f"{spec.student}__school__region_id"
                q |= Q(**{path: region})
            if spec.region:
                q |= Q(**{spec.region: region})
            return q

        return linked(r2) & ~linked(r1)


@pytest.fixture
def mw(world):
    """The world with side-2 private objects renamed to unique markers, plus pending enterprises."""
    w = world
    for side, suffix in ((1, "甲"), (2, "乙")):
        student = getattr(w, f"student{side}")
        student.name = f"机密学生{suffix}"
        student.save(update_fields=["name"])
        teacher = getattr(w, f"teacher{side}")
        teacher.name = f"机密教师{suffix}"
        teacher.save(update_fields=["name"])
        course = getattr(w, f"course{side}")
        course.name = f"机密课程{suffix}"
        course.save(update_fields=["name"])
        major = getattr(w, f"major{side}")
        major.name = f"机密专业{suffix}"
        major.save(update_fields=["name"])
        cohort = getattr(w, f"cohort{side}")
        cohort.name = f"机密班级{suffix}"
        cohort.save(update_fields=["name"])
    m = MatrixWorld(w)
    m.markers.update({"机密学生乙", "机密教师乙", "机密课程乙", "机密专业乙", "机密班级乙", w.student2.student_number})
    return m


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def _ids_in(payload) -> list:
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        items = payload["results"]
    elif isinstance(payload, list):
        items = payload
    else:
        return []
    return [item.get("id") for item in items if isinstance(item, dict) and "id" in item]


def _check_leaks(mw: MatrixWorld, route: Route, response, failures: list, who: str) -> None:
    content_type = response.get("Content-Type", "")
    if "html" not in content_type and "json" not in content_type:
        return
    text = response.content.decode("utf-8", "replace")
    for marker in mw.markers:
        if marker and marker in text:
            failures.append(f"LEAK {who} GET {route.name}: shows other region's '{marker}'")
    model = route.model
    if "json" in content_type and model is not None:
        q = mw.private_q(model)
        if q is None:
            return
        private = set(model.objects.filter(q).values_list("pk", flat=True))
        shown = set(_ids_in(json.loads(text or "null")))
        leaked = shown & private
        if leaked:
            failures.append(f"LEAK {who} GET {route.name}: ids {sorted(leaked)} of region 2")


ADMIN_KWARGS = {"app_label": "organizations", "object_id": "1", "content_type_id": "1", "url": "x", "id": "1"}


def _admin_url(route: Route) -> str | None:
    from django.urls import NoReverseMatch

    try:
        return reverse(route.name, kwargs={k: ADMIN_KWARGS.get(k, "1") for k in route.kwargs})
    except NoReverseMatch:
        return None


def _object_kwargs(route: Route) -> list[str]:
    return [k for k in route.kwargs if not isinstance(_resolve_kwarg(route, k), matrix.Const)]


def _may_accept(route: Route, method: str) -> bool:
    """False only when the view certainly answers 405 (saves requests; unknown views are always tried)."""
    if route.drf_actions:
        return method in route.drf_actions
    cls = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    if cls is not None:
        return method in getattr(cls, "http_method_names", [method]) and hasattr(cls, method)
    return True


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client, route: Route, url: str, method: str = "post"):
    if route.is_api:
        return getattr(client, method)(url, data=json.dumps({}), content_type="application/json")
    return getattr(client, method)(url, data={})


def _routes_to_test():
    usable = []
    for route in all_routes():
        rule = matrix.rule_for(route.name)
        if rule is not None and rule.skip:
            continue
        if not route.is_admin and (route.name.startswith("<unnamed") or unresolved([route])):
            continue
        usable.append((route, rule))
    return usable


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(mw):
    client = _client_for(None)
    failures = []
    for route, rule in _routes_to_test():
        if route.is_admin:
            continue
        url = mw.url(route, 1)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"5xx anonymous GET {route.name}: {response.status_code}")
            continue
        if rule is not None and rule.public:
            continue
        if route.is_api:
            if response.status_code != 401:
                failures.append(f"anonymous GET {route.name} ({url}): {response.status_code}, expected 401")
        elif not _is_login_redirect(response) and response.status_code != 405:
            failures.append(f"anonymous GET {route.name} ({url}): {response.status_code}, expected a log-in redirect")
        if _object_kwargs(route):
            response = _post(client, route, url)
            # the API asks for credentials before it looks at the method; a page sends to the log-in page (or has
            # no POST at all)
            ok = (
                response.status_code == 401
                if route.is_api
                else (_is_login_redirect(response) or response.status_code == 405)
            )
            if not ok:
                failures.append(f"anonymous POST {route.name} ({url}): {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", SIDE_ROLES, ids=[str(r) for r in SIDE_ROLES])
def test_role_sees_nothing_of_the_other_region(mw, role):
    user = mw.world.users[role]
    client = _client_for(user)
    who = f"{role}"
    failures = []
    routes = _routes_to_test()
    mw.materialise(routes)
    for route, rule in routes:
        if route.is_admin:
            url = _admin_url(route)
            if url is None:
                continue
            response = client.get(url)
            if response.status_code == 200 and route.name not in ("admin:login", "admin:logout"):
                failures.append(f"{who} opened Django admin page {route.name}")
            continue
        public = rule is not None and (rule.public or rule.cross_region)
        if not _object_kwargs(route):
            url = mw.url(route, 1)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"5xx {who} GET {route.name}: {response.status_code}")
            elif response.status_code == 200:
                _check_leaks(mw, route, response, failures, who)
            if rule is not None and rule.write_roles is not None and role not in rule.write_roles:
                response = _post(client, route, url)
                if response.status_code not in (403, 405):
                    failures.append(f"{who} POST {route.name}: {response.status_code}, expected 403 (not a writer)")
            continue
        if public:
            continue
        foreign = mw.url(route, 2)
        response = client.get(foreign)
        status = response.status_code
        if status >= 500:
            failures.append(f"5xx {who} GET {route.name} ({foreign}): {status}")
        elif status == 403:
            own_status = client.get(mw.url(route, 1)).status_code
            if own_status not in (403, 404, 405):
                failures.append(
                    f"{who} GET {route.name}: 403 for region 2 but {own_status} for region 1 (expected 404)"
                )
        elif status not in (404, 405):
            failures.append(f"{who} GET {route.name} ({foreign}) of region 2: {status}, expected 404")
        methods = ["post"]
        if route.is_api:
            methods += ["patch", "put", "delete"]
        for method in [m for m in methods if _may_accept(route, m)]:
            response = _post(client, route, foreign, method)
            if response.status_code not in (403, 404, 405):
                failures.append(f"{who} {method.upper()} {route.name} ({foreign}) of region 2: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_platform_admin_reaches_every_route_without_errors(mw):
    client = _client_for(mw.world.users[Role.PLATFORM_ADMIN])
    failures = []
    for route, _rule in _routes_to_test():
        if route.is_admin and route.kwargs:
            continue
        url = mw.url(route, 2)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"5xx platform admin GET {route.name} ({url}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_unknown_route_fails_loudly():
    """A route with an unregistered kwarg is reported (guards the guard)."""
    fake = Route(name="nowhere:thing", route="nowhere/<int:gizmo_id>/", kwargs=["gizmo_id"], callback=None)
    assert unresolved([fake]) == ["nowhere:thing (nowhere/<int:gizmo_id>/): no sample for <gizmo_id>"]
