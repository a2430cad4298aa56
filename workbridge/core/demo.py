"""The demo-region framework. Each app may ship ``demo.py`` with ``ORDER: int`` and ``seed(ctx: DemoContext)``.

``seed_demo`` calls them in ORDER inside one transaction; everything is derived from ``ctx.rng`` (seeded),
so the same --scale and --seed always build the same region.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings

SCALES = {
    # schools, enterprises, students (total), teachers per school, agreements per school
    "small": {"schools": 3, "enterprises": 40, "students": 600, "teachers_per_school": 12, "agreements_per_school": 8},
    "medium": {"schools": 10, "enterprises": 600, "students": 15000, "teachers_per_school": 60, "agreements_per_school": 30},
    "large": {"schools": 30, "enterprises": 5000, "students": 200000, "teachers_per_school": 200, "agreements_per_school": 80},
}


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
    # Objects one app's seeder leaves for the next (e.g. "authority", "schools", "enterprises").
    shared: dict = field(default_factory=dict)
    log: callable = print

    def add_login(self, role: str, username: str, organization: str, note: str = "") -> None:
        self.logins.append(DemoLogin(role, username, organization, note))


def demo_seeders() -> list:
    seeders = []
    for app in settings.WORKBRIDGE_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        seeders.append(module)
    return sorted(seeders, key=lambda m: getattr(m, "ORDER", 100))
