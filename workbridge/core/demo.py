"""The demo-region framework. Each app may ship ``demo.py`` with ``ORDER: int`` and ``seed(ctx: DemoContext)``.

``seed_demo`` calls them in ORDER inside one transaction; everything is derived from ``ctx.rng`` (seeded) and
``ctx.today``, so the same --scale, --seed and --today always build the same region (names, counts, dates).
Seeders write with ``ctx.bulk(...)`` (bulk_create in batches) so the large scale stays fast.

ORDER in use: organizations 10, academics 20, partnerships 30; later apps (placements, labour market,
evaluation, ...) take 40 and above.

The ``ctx.shared`` contract (what earlier seeders leave for later ones):

========================  =========================================================================
key                       value
========================  =========================================================================
"platform"                the platform operator Organization
"region"                  the city Region the authority governs
"districts"               list[Region], the city's districts and counties (sub-regions)
"authority"               the education authority Organization (the city's education bureau)
"group"                   the vocational education group Organization (member schools: Affiliation)
"association"             the industry association Organization (member enterprises: Affiliation)
"schools"                 list[Organization] of every school, the demo log-ins' school first
"enterprises"             list[Organization] of every enterprise (any vetting status), the demo one first
"approved_enterprises"    list[Organization], the approved subset (only these sign or publish)
"demo_school"             the school of the demo school admin / teacher / student log-ins
"demo_enterprise"         the enterprise of the demo enterprise admin / mentor log-ins
"users"                   dict role -> User for every demo log-in (roles from core.roles.Role)
"departments_by_school"   dict school_id -> list[Department]
"majors_by_school"        dict school_id -> list[Major]
"cohorts_by_school"       dict school_id -> list[Cohort]
"courses_by_school"       dict school_id -> list[Course]
"teachers_by_school"      dict school_id -> list[Teacher]
"students_by_school"      dict school_id -> list[int] (Student ids; ids, not objects, to stay small at
                          the large scale; load what you need in batches)
"agreements"              list[Agreement] (every status)
"projects"                list[Project]
========================  =========================================================================
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings

SCALES = {
    # schools, enterprises, students (total), teachers per school, agreements per school
    "small": {"schools": 4, "enterprises": 60, "students": 800, "teachers_per_school": 12, "agreements_per_school": 8},
    "medium": {
        "schools": 10,
        "enterprises": 600,
        "students": 15000,
        "teachers_per_school": 60,
        "agreements_per_school": 30,
    },
    "large": {
        "schools": 30,
        "enterprises": 5000,
        "students": 200000,
        "teachers_per_school": 200,
        "agreements_per_school": 80,
    },
}
BATCH_SIZE = 2000


@dataclass
class DemoLogin:
    role: str
    username: str
    organization: str
    note: str = ""


@dataclass
class DemoContext:
    scale: str
    seed: int
    rng: random.Random
    today: dt.date
    password: str
    sizes: dict
    logins: list[DemoLogin] = field(default_factory=list)
    # Objects one app's seeder leaves for the next (see the module docstring for the contract).
    shared: dict = field(default_factory=dict)
    log: Callable = print
    _password_hash: str = ""

    def add_login(self, role: str, username: str, organization: str, note: str = "") -> None:
        self.logins.append(DemoLogin(role, username, organization, note))

    def bulk(self, model, objects: Iterable, batch_size: int = BATCH_SIZE) -> list:
        """bulk_create in batches; returns the saved objects (with primary keys on SQLite and PostgreSQL)."""
        objects = list(objects)
        saved = []
        for start in range(0, len(objects), batch_size):
            saved.extend(model.objects.bulk_create(objects[start : start + batch_size], batch_size=batch_size))
        return saved

    @property
    def password_hash(self) -> str:
        """The demo password hashed once and shared by every demo log-in (hashing is slow on purpose)."""
        if not self._password_hash:
            from django.contrib.auth.hashers import make_password

            self._password_hash = make_password(self.password)
        return self._password_hash

    def make_login(self, *, username: str, display_name: str, organization, role: str, title: str = "", note: str = ""):
        """Create a demo user with one active membership (set as current) and record the log-in."""
        from workbridge.organizations.models import Membership, User

        user = User.objects.create(
            username=username,
            display_name=display_name,
            email=f"{username}@demo.workbridge.local",
            password=self.password_hash,
            is_staff=role == "platform_admin",
            is_superuser=role == "platform_admin",
        )
        membership = Membership.objects.create(user=user, organization=organization, role=role, title=title)
        user.current_membership = membership
        user.save(update_fields=["current_membership"])
        self.shared.setdefault("users", {})[role] = user
        self.add_login(role, username, organization.name, note)
        return user


def demo_seeders() -> list:
    seeders = []
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        if callable(getattr(module, "seed", None)):  # core.demo is this framework, not a seeder
            seeders.append(module)
    return sorted(seeders, key=lambda m: getattr(m, "ORDER", 100))


def region_exists() -> bool:
    """True when the database already holds a region (any organisation): --if-empty then does nothing."""
    from workbridge.organizations.models import Organization

    return Organization.objects.exists()


def build_context(*, scale: str, seed: int, today: dt.date | None = None, log: Callable = print) -> DemoContext:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    from django.utils import timezone

    return DemoContext(
        scale=scale,
        seed=seed,
        rng=random.Random(f"workbridge-demo:{scale}:{seed}"),
        today=today or timezone.localdate(),
        password=settings.WORKBRIDGE["DEMO_PASSWORD"],
        sizes=dict(SCALES[scale]),
        log=log,
    )


def run_demo(
    *,
    scale: str,
    seed: int,
    today: dt.date | None = None,
    log: Callable = print,
    only: Iterable[str] | None = None,
) -> DemoContext:
    """Build the whole demo region in one transaction: all of it or nothing.

    ``only`` limits the run to these app labels (e.g. the benchmarks need organisations, academics and
    partnerships only); a seeder must then not depend on a skipped one.
    """
    from django.db import transaction

    ctx = build_context(scale=scale, seed=seed, today=today, log=log)
    wanted = set(only) if only else None
    with transaction.atomic():
        for module in demo_seeders():
            if wanted is not None and module.__name__.rsplit(".", 2)[-2] not in wanted:
                continue
            started = time.perf_counter()
            # Each seeder gets its own generator derived from the seed, so adding a seeder later never
            # changes what the earlier ones build.
            ctx.rng = random.Random(f"workbridge-demo:{scale}:{seed}:{module.__name__}")
            module.seed(ctx)
            log(f"  {module.__name__.rsplit('.', 2)[-2]:<16} {time.perf_counter() - started:6.1f} s")
    return ctx
