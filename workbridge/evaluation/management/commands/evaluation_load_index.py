from django.core.management.base import BaseCommand

from workbridge.evaluation.services import index_system_load


class Command(BaseCommand):
    help = "Load an index-system data file (default: evaluation/data/depth_index_v1.toml) as the active version."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None)

    def handle(self, *args, path=None, **options):
        system = index_system_load(path=path)
        self.stdout.write(f"{system} ({system.indicators.count()} indicators) is active.")
