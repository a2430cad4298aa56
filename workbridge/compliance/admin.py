from django.contrib import admin

from .models import Rule, RuleSet, Violation


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    fields = ("position", "code", "severity", "certainty", "enabled")
    show_change_link = True


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("jurisdiction", "year", "version", "name_en", "is_active", "loaded_from", "updated_at")
    list_filter = ("jurisdiction", "is_active")
    inlines = [RuleInline]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """Editing a rule re-validates its condition against the rule set (Rule.clean)."""

    list_display = ("code", "ruleset", "severity", "certainty", "enabled")
    list_filter = ("ruleset", "severity", "enabled")
    search_fields = ("code", "title_zh", "title_en", "article")


@admin.register(Violation)
class ViolationAdmin(admin.ModelAdmin):
    list_display = ("rule_code", "severity", "status", "checkpoint", "school", "enterprise", "created_at")
    list_filter = ("status", "severity", "checkpoint")
    search_fields = ("rule_code", "message_zh", "message_en")
    readonly_fields = ("subject_key", "occurrences", "last_seen_at", "notified_at", "resolved_by", "resolved_at")
    raw_id_fields = ("rule", "school", "enterprise", "position", "placement", "student")
