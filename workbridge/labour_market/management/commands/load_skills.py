from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load (or refresh) the skills taxonomy, the occupation classification and the default warning rules."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rules-overwrite", action="store_true", help="reset warning thresholds to the shipped defaults"
        )

    def handle(self, *args, **opts):
        from workbridge.labour_market import services

        skills = services.skills_load()
        occupations = services.occupations_load()
        rules = services.warning_rules_load(overwrite=opts["rules_overwrite"])
        self.stdout.write(f"skills: {skills}; occupations: {occupations}; warning rules: {rules}")
