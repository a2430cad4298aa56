"""Print the demo log-ins (one per role) as a table: ``manage.py print_demo_logins``."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand

from workbridge.core.roles import Role

DEMO_PREFIX = "demo_"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def demo_logins() -> list[tuple[str, str, str, str]]:
    from workbridge.organizations.models import User

    order = {role: i for i, role in enumerate(Role.values)}
    rows = []
    users = User.objects.filter(username__startswith=DEMO_PREFIX, is_active=True).select_related(
        "current_membership__organization"
    )
    for user in users:
        membership = user.current_membership
        if membership is None:
            continue
        rows.append((membership.role, user.username, membership.organization.name))
    rows.sort(key=lambda r: (order.get(r[0], 99), r[1]))
    password = settings.WORKBRIDGE["DEMO_PASSWORD"]
    return [(str(Role(role).label), username, password, org) for role, username, org in rows]


class Command(BaseCommand):
    help = "Print the demo log-ins for every role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the platform is served.")

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo log-ins: run `manage.py seed_demo` first.")
            return
        header = ("role", "username", "password", "organisation")
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
        line = "  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True))
        self.stdout.write(line)
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)))
        self.stdout.write(f"\nOpen {options['url']} and log in with any row above.")
