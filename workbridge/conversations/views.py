"""Pages of conversations: my threads (search, unread), a thread, and the button that opens an object's thread."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError
from workbridge.core.forms import errors_in_words
from workbridge.core.uploads import serve_upload

from . import selectors, services
from .forms import MessageForm


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    q = request.GET.get("q", "")
    return render(
        request, "conversations/inbox.html", {"threads": selectors.thread_list(actor=actor, q=q)[:100], "q": q}
    )


@login_required
@require_POST
def start(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    thread = services.thread_open(actor=actor_for(request.user), kind=kind, target_id=pk)
    return redirect("conversations:thread", pk=thread.pk)


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.thread_get(actor=actor, pk=pk)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if not form.is_valid():
            flash.error(request, errors_in_words(form))
            return redirect("conversations:thread", pk=item.pk)
        try:
            services.message_post(actor=actor, thread=item, **form.cleaned_data)
        except DomainError as exc:
            flash.error(request, exc.message)
        return redirect("conversations:thread", pk=item.pk)
    services.thread_mark_read(actor=actor, thread=item)
    return render(
        request,
        "conversations/thread.html",
        {
            "thread": item,
            "messages_list": selectors.message_list(thread=item),
            "may_post": services.is_party(
                actor, school_id=item.school_id, enterprise_id=item.enterprise_id, student_id=item.student_id
            ),
        },
    )


@login_required
@require_POST
def message_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    message = selectors.message_get(actor=actor, pk=pk)
    services.message_delete(actor=actor, message=message)
    flash.success(request, _("The message was removed."))
    return redirect("conversations:thread", pk=message.thread_id)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    message = selectors.message_get(actor=actor, pk=pk, with_deleted=False)
    return serve_upload(message.attachment, download_name=message.attachment_name or f"attachment-{message.pk}")
