from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from workbridge.core.access import actor_for
from workbridge.core.admin import PlatformAdminModelAdmin, ReadOnlyAdmin
from workbridge.core.exceptions import DomainError

from . import services
from .models import Affiliation, Membership, Organization, Region, User, VettingReview


def _run(request, queryset, label, call):
    done = 0
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except DomainError as exc:
            messages.error(request, f"{obj}: {exc.message}")
    if done:
        messages.success(request, _("%(label)s: %(n)d done.") % {"label": label, "n": done})


class RevokingPasswordChangeForm(AdminPasswordChangeForm):
    """A platform admin setting someone's password also ends that person's API tokens."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        services.user_tokens_revoke(user=user, reason="password set by a platform admin")
        return user


@admin.register(User)
class UserAdmin(PlatformAdminModelAdmin, BaseUserAdmin):
    change_password_form = RevokingPasswordChangeForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not obj.is_active:
            services.user_tokens_revoke(user=obj, reason="account deactivated")

    list_display = ["username", "display_name", "email", "is_active", "is_staff", "last_login"]
    fieldsets = (
        (None, {"fields": ("username", "display_name", "email", "is_active", "preferred_language")}),
        (_("Status"), {"fields": ("is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    # is_staff follows the platform-admin role (granted and revoked through memberships, audited).
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]


@admin.register(Region)
class RegionAdmin(PlatformAdminModelAdmin):
    list_display = ["code", "name", "name_en", "parent"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(PlatformAdminModelAdmin):
    list_display = ["name", "kind", "region", "credit_code", "vetting_status"]
    list_filter = ["kind", "vetting_status", "region"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["kind", "credit_code", "vetting_status", "vetting_reason", "normalized_name"]
    exclude = ["licence_file"]
    actions = ["approve", "suspend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in services.PROFILE_FIELDS}
        fresh = Organization.objects.get(pk=obj.pk)
        services.organization_update(actor=actor_for(request.user), organization=fresh, data=data)

    @admin.action(description=_("Approve the selected enterprises"))
    def approve(self, request, queryset):
        actor = actor_for(request.user)
        _run(
            request,
            queryset,
            _("Approve"),
            lambda o: services.enterprise_review(actor=actor, enterprise=o, decision="approve"),
        )

    @admin.action(description=_("Suspend the selected enterprises"))
    def suspend(self, request, queryset):
        actor = actor_for(request.user)
        _run(
            request,
            queryset,
            _("Suspend"),
            lambda o: services.enterprise_review(
                actor=actor, enterprise=o, decision="suspend", reason=str(_("Suspended by the platform admin."))
            ),
        )


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "title", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organization__name"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected roles"))
    def revoke(self, request, queryset):
        actor = actor_for(request.user)
        _run(
            request,
            queryset.filter(is_active=True),
            _("Revoke"),
            lambda m: services.membership_revoke(actor=actor, membership=m),
        )


@admin.register(VettingReview)
class VettingReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "enterprise", "from_status", "to_status", "reviewer"]
    list_filter = ["to_status"]


@admin.register(Affiliation)
class AffiliationAdmin(PlatformAdminModelAdmin):
    list_display = ["body", "member", "since"]
