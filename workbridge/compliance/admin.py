from django.contrib import admin

from workbridge.core.admin import PlatformAdminModelAdmin, platform_admin_only

from .models import Rule, RuleSet, Violation


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    fields = ("position", "code", "severity", "certainty", "enabled")
    show_change_link = True

    # Platform admins are not superusers: the role decides here as on PlatformAdminModelAdmin.
    def has_view_permission(self, request, obj=None):
        return platform_admin_only(request)

    def has_change_permission(self, request, obj=None):
        return platform_admin_only(request)

    def has_add_permission(self, request, obj=None):
        return platform_admin_only(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(PlatformAdminModelAdmin):
    list_display = ("jurisdiction", "year", "version", "name_en", "is_active", "loaded_from", "updated_at")
    list_filter = ("jurisdiction", "is_active")
    inlines = [RuleInline]


@admin.register(Rule)
class RuleAdmin(PlatformAdminModelAdmin):
    """Editing a rule re-validates its condition against the rule set (Rule.clean)."""

    list_display = ("code", "ruleset", "severity", "certainty", "enabled")
    list_filter = ("ruleset", "severity", "enabled")
    search_fields = ("code", "title_zh", "title_en", "article")


@admin.register(Violation)
class ViolationAdmin(PlatformAdminModelAdmin):
    list_display = ("rule_code", "severity", "status", "checkpoint", "school", "enterprise", "created_at")
    list_filter = ("status", "severity", "checkpoint")
    search_fields = ("rule_code", "message_zh", "message_en")
    readonly_fields = ("subject_key", "occurrences", "last_seen_at", "notified_at", "resolved_by", "resolved_at")
    raw_id_fields = ("rule", "school", "enterprise", "position", "placement", "student")
