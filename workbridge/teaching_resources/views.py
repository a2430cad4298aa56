"""Teaching-resource pages: the library (what the actor may use under the licences, with filters and a form to
contribute), a resource with its versions, links and usage, and the permission-checked file download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError
from workbridge.core.forms import apply_domain_error, errors_in_words
from workbridge.core.uploads import serve_upload

from . import forms, selectors, services
from . import permissions as perms


@login_required
def library(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    choices = selectors.filter_choices(actor=actor)
    filters = forms.FilterForm(request.GET or None, choices=choices)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    resources = selectors.resource_list(
        actor=actor,
        kind=wanted.get("kind") or None,
        course_id=wanted.get("course"),
        skill_id=wanted.get("skill"),
        contributor_id=wanted.get("contributor"),
        q=(wanted.get("q") or "").strip() or None,
    )
    form = None
    if perms.may_contribute(actor):
        form = forms.ResourceForm(
            request.POST if request.method == "POST" else None,
            partners=selectors.co_contributor_choices(actor=actor),
            courses=selectors.own_courses(actor=actor)[:500],
            prefix="r",
        )
        if request.method == "POST" and form.is_valid():
            try:
                item = services.resource_create(actor=actor, **form.cleaned_data)
                messages.success(request, _("Resource added; upload its first version below."))
                return redirect("teaching_resources:resource", pk=item.pk)
            except DomainError as exc:
                apply_domain_error(form, exc)
    return render(
        request,
        "teaching_resources/library.html",
        {
            "resources": resources.prefetch_related("co_contributors")[:200],
            "filters": filters,
            "filtered": bool(wanted and any(wanted.values())),
            "form": form,
        },
    )


@login_required
def resource(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.resource_get(actor=actor, pk=pk)
    may_manage = perms.may_manage_resource(actor, item)
    context = {
        "item": item,
        "versions": item.versions.all(),
        "co_contributors": item.co_contributors.all(),
        "courses": item.courses.select_related("school"),
        "skills": item.skills.all(),
        "usage": selectors.usage_by_organization(actor=actor, resource=item),
        "can": {"manage": may_manage, "see_usage": perms.may_see_usage(actor, item)},
    }
    if may_manage:
        context["version_form"] = forms.VersionForm()
        context["update_form"] = forms.UpdateForm(
            courses=selectors.own_courses(actor=actor)[:500],
            initial={
                "licence": item.licence,
                "description": item.description,
                "course_ids": [c.pk for c in item.courses.all()],
                "skill_names": pgettext("list separator", ", ").join(s.name_zh for s in item.skills.all()),
            },
        )
    return render(request, "teaching_resources/resource.html", context)


@login_required
@require_POST
def resource_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.resource_get(actor=actor, pk=pk)
    form = forms.UpdateForm(request.POST, courses=selectors.own_courses(actor=actor)[:500])
    if not form.is_valid():
        messages.error(request, errors_in_words(form))
        return redirect("teaching_resources:resource", pk=item.pk)
    try:
        services.resource_update(actor=actor, resource=item, **form.cleaned_data)
        messages.success(request, _("Saved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("teaching_resources:resource", pk=item.pk)


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.resource_get(actor=actor, pk=pk)
    form = forms.VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, errors_in_words(form))
        return redirect("teaching_resources:resource", pk=item.pk)
    try:
        version = services.version_add(actor=actor, resource=item, **form.cleaned_data)
        messages.success(request, _("Version %(n)s uploaded.") % {"n": version.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("teaching_resources:resource", pk=item.pk)


@login_required
def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of a version, for those the licence lets use it; each opening is counted for their organisation."""
    actor = actor_for(request.user)
    version = selectors.version_get(actor=actor, pk=pk)
    services.resource_use_record(actor=actor, version=version)
    return serve_upload(version.file, download_name=f"{version.resource.title}-v{version.number}")
