"""``manage.py ingest_recover``: resume posting batches whose worker died (what the beat job does every five
minutes); ``--rollback ID`` removes everything batch ID imported instead (as a platform admin would)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workbridge.core.exceptions import DomainError
from workbridge.labour_market import services


class Command(BaseCommand):
    help = "Resume posting batches whose worker died, or roll one back with --rollback ID."

    def add_arguments(self, parser):
        parser.add_argument("--rollback", type=int, metavar="ID", help="remove what batch ID imported")

    def handle(self, *args, rollback, **options):
        if rollback:
            from workbridge.core.access import actor_for
            from workbridge.organizations.models import Membership

            admin = Membership.objects.filter(role="platform_admin", is_active=True).select_related("user").first()
            if admin is None:
                raise CommandError("no active platform admin to record the roll-back under")
            try:
                batch = services.batch_rollback(actor=actor_for(admin.user), batch_id=rollback)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from None
            self.stdout.write(self.style.SUCCESS(f"batch {batch.pk} rolled back"))
            return
        resumed = services.ingest_recover()
        self.stdout.write(f"resumed {len(resumed)} batch(es): {', '.join(map(str, resumed)) or '-'}")
