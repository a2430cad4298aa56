from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "workbridge.enrolment"
    label = "enrolment"
    verbose_name = _("Joint enrolment")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope, register_student_link

        from .models import ApprenticeshipAgreement, ClassChange, EnrolmentApplication, EnrolmentPlan, PlanStatus

        # A plan belongs to its two parties; the school's students read it once it is published.
        register_scope(
            EnrolmentPlan,
            school="school",
            enterprise="enterprise",
            student_extra=lambda actor: Q(school_id=actor.organization_id) & ~Q(status=PlanStatus.DRAFT),
        )
        register_scope(EnrolmentApplication, school="plan__school", enterprise="plan__enterprise", student="student")
        register_scope(
            ClassChange, school="plan__school", enterprise="plan__enterprise", student="application__student"
        )
        register_scope(
            ApprenticeshipAgreement,
            school="application__plan__school",
            enterprise="application__plan__enterprise",
            student="application__student",
        )
        # The enterprise sees the students who applied to its plans.
        register_student_link(lambda enterprise_id: Q(enrolment_applications__plan__enterprise_id=enterprise_id))
