from django.core.management.base import BaseCommand

from workbridge.evaluation.services import scores_recompute


class Command(BaseCommand):
    help = "Recompute the depth scores of one or more terms (codes like 2024-2025-1)."

    def add_arguments(self, parser):
        parser.add_argument("terms", nargs="+")

    def handle(self, *args, terms, **options):
        for term in terms:
            r = scores_recompute(actor=None, term=term)
            self.stdout.write(
                f"{r.term}: {r.partnerships} partnerships, {r.enterprises}"
                f" enterprises, {r.schools} schools, {r.majors} majors"
            )
