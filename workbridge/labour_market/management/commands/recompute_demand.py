from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the demand tables and the early warnings of every major."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="warning year (default: last year)")

    def handle(self, *args, **opts):
        from workbridge.labour_market import services

        cells = services.demand_recompute()
        majors = services.warnings_recompute(year=opts["year"])
        self.stdout.write(f"demand cells: {cells}; majors judged: {majors}")
