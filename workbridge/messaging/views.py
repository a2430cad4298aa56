from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, PermissionDenied
from workbridge.core.forms import apply_domain_error

from . import selectors, services
from .forms import ChannelForm, PreferenceForm
from .models import DeliveryStatus


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    current = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(actor=actor, **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Your message settings are saved."))
            return redirect("messaging:preferences")
    recent = selectors.deliveries(actor).filter(notification__recipient=request.user)[:20]
    return render(request, "messaging/preferences.html", {"form": form, "recent": recent})


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not services.can_manage_channels(actor):
        raise PermissionDenied(_("Only an organisation's administrators manage its messengers."))
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_save(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Messenger connection saved."))
            return redirect("messaging:channels")
    return render(request, "messaging/channels.html", {"form": form, "channels": selectors.channels(actor)})


@login_required
@require_POST
def channel_test(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    delivery = services.channel_test(actor=actor, channel_id=pk)
    if delivery.status == DeliveryStatus.SENT:
        messages.success(request, _("Test message sent."))
    else:
        messages.error(request, _("The test message failed: %(e)s") % {"e": delivery.last_error})
    return redirect("messaging:channels")


@login_required
def deliveries(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    status = request.GET.get("status", "")
    if status and status not in DeliveryStatus.values:
        status = ""
    rows = selectors.deliveries(actor, status=status)[:200]
    return render(
        request, "messaging/deliveries.html", {"rows": rows, "status": status, "statuses": DeliveryStatus.choices}
    )
