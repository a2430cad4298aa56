from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "workbridge.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope

        from .models import Rule, RuleSet, Violation

        def everyone_signed_in(actor):
            return Q() if actor.role else Q(pk__in=[])

        # The regulation itself is public information: every signed-in role may read the rules.
        register_scope(RuleSet, custom=everyone_signed_in)
        register_scope(Rule, custom=everyone_signed_in)
        register_scope(Violation, school="school", enterprise="enterprise", student="student")
