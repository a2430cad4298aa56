"""Django admin: for platform admins only. Records are changed through the services (admin actions call them);
most models are read-only here so that every write keeps its checks and audit entry."""

from django.contrib import admin

from .models import AuditLog, ImportJob, Notification


def platform_admin_only(request) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    from .roles import Role

    return user.memberships.filter(role=Role.PLATFORM_ADMIN, is_active=True).exists()


admin.site.has_permission = platform_admin_only
admin.site.site_header = "WorkBridge"
admin.site.site_title = "WorkBridge admin"


class PlatformAdminModelAdmin(admin.ModelAdmin):
    """Platform admins may use every model page (they are not Django superusers; the role decides)."""

    def has_module_permission(self, request):
        return platform_admin_only(request)

    def has_view_permission(self, request, obj=None):
        return platform_admin_only(request)

    def has_change_permission(self, request, obj=None):
        return platform_admin_only(request)

    def has_add_permission(self, request):
        return platform_admin_only(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(PlatformAdminModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "organization_id", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "target_id", "actor__username"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "created_by", "kind", "filename", "status", "total_rows", "error_count"]
    list_filter = ["kind", "status"]
    exclude = ["upload"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
