"""Registry for the permission-matrix test (workbridge/core/tests/test_permission_matrix.py).

The matrix walks every URL pattern of the project with every role of the two-region test world. To build a
URL it needs a value for each URL kwarg; those come from *samples*: one object per side of the world
(side 1 = the acting user's region, side 2 = the other region). Register them in your app's
``tests/matrix.py`` (imported automatically by the matrix test):

    from workbridge.core.matrix import Const, register_kwarg, register_route, register_sample

    register_sample("agreement", model=Agreement, make=lambda w, side: AgreementFactory(
        school=getattr(w, f"school{side}"), enterprise=getattr(w, f"enterprise{side}")))
    register_kwarg("agreement_id", "agreement")              # any route with <int:agreement_id>
    register_route("partnerships:agreement-*", pk="agreement")  # page routes that call it <int:pk>
    register_route("placements:position-action", pk="position", action=Const("approve"))
    register_route("myapp:public-page", public=True)        # anonymous users may open it

DRF routes named ``<basename>-detail`` etc. resolve ``pk`` from the viewset's ``queryset.model`` when a sample
is registered for that model. A route whose kwargs cannot be resolved makes the matrix fail and names it.

``marker`` (optional, ``obj -> str``) is text unique to the side-2 object; the matrix asserts no page or API
list shown to a side-1 user contains it. ``private`` (optional, ``world -> Q``) tells the matrix which rows of a
model belong only to side 2 when the model's scope is ``custom`` (plain school/enterprise/student paths are
derived automatically).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Const:
    """A literal kwarg value (a slug, an action name)."""

    value: object


@dataclass
class Sample:
    name: str
    model: type | None
    make: Callable  # (world, side) -> object
    marker: Callable | None = None  # (obj) -> text unique to that object


@dataclass
class RouteRule:
    pattern: str
    kwargs: dict = field(default_factory=dict)  # kwarg -> sample name or Const
    public: bool = False  # anonymous access is allowed
    write_roles: tuple | None = None  # roles that may POST; others must get 403
    skip: str = ""  # reason to leave the route out entirely (rare; say why)
    cross_region: bool = False  # the objects are legitimately shared across regions (directories)


SAMPLES: dict[str, Sample] = {}
KWARGS: dict[str, object] = {}
ROUTES: list[RouteRule] = []
PRIVATE_ROWS: dict[type, Callable] = {}  # model -> (world) -> Q of side-2-only rows
PUBLIC_MODELS: set[type] = set()


def register_sample(name: str, *, model=None, make: Callable, marker: Callable | None = None) -> None:
    SAMPLES[name] = Sample(name=name, model=model, make=make, marker=marker)


def register_kwarg(kwarg: str, sample: str | Const) -> None:
    KWARGS[kwarg] = sample


def register_route(
    pattern: str, *, public: bool = False, write_roles=None, skip: str = "", cross_region: bool = False, **kwargs
) -> None:
    ROUTES.append(
        RouteRule(
            pattern=pattern, kwargs=kwargs, public=public, write_roles=write_roles, skip=skip, cross_region=cross_region
        )
    )


def register_private_rows(model, rows: Callable) -> None:
    PRIVATE_ROWS[model] = rows


def register_public_model(model) -> None:
    """Rows of this model are reference data every signed-in user may read (regions, catalogues)."""
    PUBLIC_MODELS.add(model)


def rule_for(name: str) -> RouteRule | None:
    """The most specific rule matching a route name (exact before glob; later registrations win ties)."""
    exact = [r for r in ROUTES if r.pattern == name]
    if exact:
        return exact[-1]
    globbed = [r for r in ROUTES if any(ch in r.pattern for ch in "*?[") and fnmatch.fnmatchcase(name, r.pattern)]
    return max(globbed, key=lambda r: len(r.pattern)) if globbed else None


def sample_for_model(model) -> Sample | None:
    for sample in SAMPLES.values():
        if sample.model is model:
            return sample
    return None
