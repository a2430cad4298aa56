from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workbridge.organizations import services as org_services

from . import audit_text, importing, selectors
from . import permission_rules as rules
from .access import actor_for
from .exceptions import ImportFailed, NotFound, PermissionDenied, ValidationFailed
from .exporting import XLSX_TYPE
from .forms import ArchiveReasonForm, errors_in_words
from .listing import Col, Filter, render_list
from .models import AuditLog, Notification
from .registry import dashboard_card_groups
from .services import audit_record
from .uploads import validate_upload


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from .registry import URGENT, dashboard_todos

    actor = actor_for(request.user)
    todos = dashboard_todos(actor)
    context = {"card_groups": dashboard_card_groups(actor, todos), "todos": todos, "urgent": URGENT}
    if rules.starts_with_checkin(actor):
        from workbridge.placements import selectors as placement_selectors

        placement = placement_selectors.current_placement(actor=actor)
        if placement is not None and placement.status == "active":
            context["checkin_done"] = placement.checkins.filter(work_date=timezone.localdate()).exists()
            context["checkin_placement"] = placement
    return render(request, "core/home.html", context)


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    try:
        membership_id = int(request.POST.get("membership", 0))
    except ValueError:
        membership_id = 0
    org_services.user_switch_membership(user=request.user, membership_id=membership_id)
    return redirect("home")


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """Password change; the change is audit-logged (never the password)."""

    def form_valid(self, form):
        from workbridge.organizations.services import user_tokens_revoke

        response = super().form_valid(form)
        audit_record(actor=self.request.user, action="user.password_change", target=self.request.user)
        user_tokens_revoke(user=self.request.user, reason="password changed")
        return response


class EveryUserPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form skips accounts without a usable password; a student whose log-in was made on import has none
    until the first log-in (the first password lives in InitialCredential), and must still be able to reset it."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        model = get_user_model()
        field = model.get_email_field_name()
        return (
            u
            for u in model._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
            if getattr(u, field, "") and getattr(u, field).lower() == email.lower()
        )


class EveryUserPasswordResetView(auth_views.PasswordResetView):
    form_class = EveryUserPasswordResetForm


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The new password from a reset link; like a change, it ends every API token of the account."""

    def form_valid(self, form):
        from workbridge.academics.models import InitialCredential
        from workbridge.organizations.services import user_tokens_revoke

        response = super().form_valid(form)
        # the person chose a password: a first password still on an account sheet no longer opens the account
        InitialCredential.objects.filter(user=form.user).delete()
        type(form.user).objects.filter(pk=form.user.pk).update(must_change_password=False)
        audit_record(actor=form.user, action="user.password_reset", target=form.user)
        user_tokens_revoke(user=form.user, reason="password reset")
        return response


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "core/notifications.html", {"items": items})


def permission_denied(request, exception=None):
    return render(request, "error.html", {"error": exception, "status": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "error.html", {"error": None, "status": 404}, status=404)


# ------------------------------------------------------------------------------------------------------ API token


@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    """Show whether the user has an API token; create, replace or revoke it. The key is shown once."""
    from rest_framework.authtoken.models import Token

    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            org_services.api_token_revoke(user=request.user)
            messages.success(request, _("Your API token was revoked."))
        else:
            new_key = org_services.api_token_rotate(user=request.user).key
    token = Token.objects.filter(user=request.user).first()
    return render(request, "core/api_token.html", {"token": token, "new_key": new_key})


# ------------------------------------------------------------------------------------------------------ audit log


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Platform admins see every entry; organisation admins and authority officers see their organisation's."""
    actor = actor_for(request.user)
    if rules.reads_all_audit(actor):
        qs = AuditLog.objects.select_related("actor")
    elif rules.reads_own_audit(actor):
        qs = AuditLog.objects.filter(organization_id=actor.organization_id).select_related("actor")
    else:
        raise PermissionDenied(_("Only admins read the audit log."))
    actions = sorted(set(qs.values_list("action", flat=True)[:2000]))
    records: dict = {}  # the records of this page's entries, looked up once each
    return render_list(
        request,
        title=_("Audit log"),
        queryset=qs,
        columns=[
            Col(_("When"), "created_at"),
            Col(_("Event"), lambda e: audit_text.sentence(e, records)),
        ],
        filters=[
            Filter(
                "action",
                _("Action"),
                sorted({(a.rsplit(".", 1)[-1], audit_text.action_text(a)) for a in actions}, key=lambda c: c[1]),
                apply=lambda qs, verb: qs.filter(Q(action=verb) | Q(action__endswith=f".{verb}")),
            )
        ],
        search=lambda qs, term: qs.filter(summary__icontains=term),
        export_name="audit-log",
    )


# --------------------------------------------------------------------------------------------------------- import


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            validate_upload(upload, purpose="spreadsheet", keep_name=True)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


@login_required
def import_index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    jobs = selectors.import_job_list(actor=actor)[:20]
    return render(request, "core/import_index.html", {"importers": importing.importers_for(actor), "jobs": jobs})


@login_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    actor = actor_for(request.user)
    importer = importing.get_importer(kind)
    importer.check_permission(actor)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"importer": importer, "form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                job, plan = importing.import_preview(actor=actor, kind=kind, uploaded=form.cleaned_data["file"])
                context.update({"job": job, "plan": plan})
            except ImportFailed as exc:
                context["failure"] = exc
        else:
            context["form_errors"] = True
        if getattr(request, "htmx", False):
            return render(request, "core/_import_preview.html", context)
        if "job" in context:
            return redirect("import-job", job_id=context["job"].pk)
    return render(request, "core/import_upload.html", context)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    importer = importing.get_importer(kind)
    importer.check_permission(actor_for(request.user))
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    response = HttpResponse(importing.template_workbook(importer, lang), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="workbridge-{kind}-template-{lang}.xlsx"'
    return response


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    job = selectors.import_job_get(actor=actor, pk=job_id)
    importer = importing.get_importer(job.kind)
    return render(request, "core/import_upload.html", {"importer": importer, "job": job, "form": ImportForm()})


@login_required
@require_POST
def import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    job = selectors.import_job_get(actor=actor, pk=job_id)
    importer = importing.get_importer(job.kind)
    context = {"importer": importer, "job": job}
    try:
        importing.import_commit(actor=actor, job=job)
    except ImportFailed as exc:
        context["failure"] = exc
    job.refresh_from_db()
    if getattr(request, "htmx", False):
        return render(request, "core/_import_preview.html", context)
    return redirect(reverse("import-job", kwargs={"job_id": job.pk}))


@login_required
@require_POST
def archive_action(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """The archive and restore buttons of a record's page (core.archiving)."""
    from .archiving import KINDS
    from .services import record_archive, record_restore

    actor = actor_for(request.user)
    if kind not in KINDS or action not in ("archive", "restore"):
        raise NotFound(_("No such page."))
    try:
        if action == "archive":
            form = ArchiveReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(errors_in_words(form), errors=form.errors)
            obj = record_archive(actor=actor, kind=kind, pk=pk, reason=form.cleaned_data["reason"])
            messages.success(request, _("Archived. It no longer shows in lists; restore it from its page."))
        else:
            obj = record_restore(actor=actor, kind=kind, pk=pk)
            messages.success(request, _("Restored."))
        return redirect(KINDS[kind].detail_url(obj))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    obj = selectors.archivable_get(actor=actor, kind=kind, pk=pk)
    return redirect(KINDS[kind].detail_url(obj))
