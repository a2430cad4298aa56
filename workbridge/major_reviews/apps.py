from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MajorReviewsConfig(AppConfig):
    name = "workbridge.major_reviews"
    label = "major_reviews"
    verbose_name = _("Major reviews")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope
        from workbridge.core.roles import SCHOOL_ROLES, Role
        from workbridge.labour_market.services import register_red_warning_listener

        from . import services
        from .models import FollowUpStep, MajorReview, ReviewOption

        # The school's staff see their school's reviews; the authority every review in its region; nobody else
        # (enterprises, students, groups and associations do not see a major's exit path).
        def review_scope(actor, prefix=""):
            if actor.role in SCHOOL_ROLES and actor.organization_id:
                return Q(**{f"{prefix}school_id": actor.organization_id})
            if actor.role == Role.AUTHORITY_OFFICER:
                return Q(**{f"{prefix}school__region_id__in": actor.region_ids})
            return Q(pk__in=[])

        register_scope(MajorReview, custom=review_scope)
        register_scope(ReviewOption, custom=lambda actor: review_scope(actor, "review__"))
        register_scope(FollowUpStep, custom=lambda actor: review_scope(actor, "review__"))
        register_red_warning_listener(services.reviews_open_for_red_warnings)
