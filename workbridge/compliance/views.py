"""Pages: the violation inbox (per role, with filters), a violation with its resolution, the rules catalogue."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError
from workbridge.core.forms import apply_domain_error
from workbridge.core.listing import Col, Filter, render_list

from . import permissions as perms
from . import selectors, services
from .facts import facts_for_people
from .models import Checkpoint, Severity, ViolationStatus

SEVERITY_TONE = {"critical": "bad", "high": "bad", "medium": "warn", "low": ""}


def _zh() -> bool:
    return (get_language() or "").lower().startswith("zh")


def _title(v) -> str:
    if v.rule is None:
        return v.rule_code
    return v.rule.title_zh if _zh() else v.rule.title_en


@login_required
def violation_inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    qs = selectors.violation_list(actor=actor)
    if "status" not in request.GET:
        qs = qs.filter(status=ViolationStatus.OPEN)
    return render_list(
        request,
        title=_("Rule violations"),
        queryset=qs,
        columns=[
            Col(_("Rule"), _title, link=True),
            Col(_("Severity"), "get_severity_display"),
            Col(_("Status"), "get_status_display"),
            Col(_("Finding"), lambda v: v.message()),
            Col(_("School"), "school.name"),
            Col(_("Enterprise"), "enterprise.name"),
            Col(_("Checkpoint"), "get_checkpoint_display"),
            Col(_("Citation"), "citation", screen=False),
            Col(_("Found"), lambda v: v.created_at.strftime("%Y-%m-%d")),
        ],
        filters=[
            Filter("status", _("Status"), ViolationStatus.choices),
            Filter("severity", _("Severity"), Severity.choices),
            Filter("checkpoint", _("Checkpoint"), Checkpoint.choices),
            Filter(
                "rule",
                _("Rule"),
                lambda: [(c, c) for c in selectors.rule_codes(actor=actor)],
                apply=lambda qs, v: qs.filter(rule_code=v),
            ),
        ],
        search=lambda qs, term: qs.filter(message_zh__icontains=term) | qs.filter(message_en__icontains=term),
        search_placeholder=_("Text of the finding"),
        detail_url=lambda v: reverse("compliance:violation-detail", kwargs={"pk": v.pk}),
        export_name="violations",
        intro=_("Open violations are shown unless you choose a status. Each cites its rule and says who was told."),
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    dismiss = forms.BooleanField(label=gettext_lazy("Dismiss: the rule does not apply here"), required=False)


@login_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    violation = selectors.violation_get(actor=actor, pk=pk)
    may_resolve = violation.status == ViolationStatus.OPEN and perms.may_resolve(actor, violation)
    form = ResolveForm(request.POST or None) if may_resolve else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.violation_resolve(actor=actor, violation=violation, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The violation is closed."))
            return redirect("compliance:violation-detail", pk=pk)
    rule = violation.rule
    fields = [
        (_("Finding"), violation.message()),
        (_("Severity"), violation.get_severity_display()),
        (_("Status"), violation.get_status_display()),
        (_("Citation"), violation.citation),
        (_("Certainty"), violation.certainty),
        (_("Rule"), f"{violation.rule_code} · {violation.jurisdiction} {violation.ruleset_year}"),
        (_("Checkpoint"), violation.get_checkpoint_display()),
        (_("School"), violation.school.name if violation.school else ""),
        (_("Enterprise"), violation.enterprise.name if violation.enterprise else ""),
        (_("Position"), str(violation.position) if violation.position else ""),
        (_("Student"), violation.student.name if violation.student else ""),
        (_("Times found"), violation.occurrences),
        (_("Found"), violation.created_at.strftime("%Y-%m-%d %H:%M")),
        (_("Last found"), violation.last_seen_at.strftime("%Y-%m-%d %H:%M") if violation.last_seen_at else ""),
        (_("Told"), ", ".join(str(u) for u in violation.notified_users.all())),
    ]
    if violation.status != ViolationStatus.OPEN:
        fields += [
            (
                _("Resolution"),
                _("Fixed: a later check found the rule kept.")
                if violation.resolved_automatically
                else violation.resolution,
            ),
            (
                _("Resolved by"),
                _("The platform's check") if violation.resolved_automatically else str(violation.resolved_by or ""),
            ),
            (_("Resolved at"), violation.resolved_at.strftime("%Y-%m-%d %H:%M") if violation.resolved_at else ""),
        ]
    return render(
        request,
        "compliance/violation_detail.html",
        {
            "title": _title(violation),
            "badge": violation.get_severity_display(),
            "badge_tone": SEVERITY_TONE.get(violation.severity, ""),
            "fields": fields,
            "description": (rule.description_zh if _zh() else rule.description_en) if rule else "",
            "details": facts_for_people(violation.details),
            "form": form,
            "submit_label": _("Close the violation"),
            "back_url": reverse("compliance:inbox"),
        },
    )


@login_required
def rules_catalogue(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    rulesets = list(selectors.ruleset_list(actor=actor))
    sections = [(rs, list(selectors.rule_list(actor=actor, ruleset=rs))) for rs in rulesets]
    names = dict(Checkpoint.choices)
    for _rs, rules in sections:
        for rule in rules:
            rule.checkpoint_names = pgettext("list separator", ", ").join(
                str(names.get(c, c)) for c in rule.checkpoints
            )
    return render(request, "compliance/rules.html", {"title": _("Regulation rules"), "sections": sections, "zh": _zh()})
