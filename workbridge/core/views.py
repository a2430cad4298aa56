from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workbridge.organizations import services as org_services

from .access import actor_for
from .models import Notification
from .registry import dashboard_cards


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(request, "core/home.html", {"cards": dashboard_cards(actor)})


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    org_services.user_switch_membership(user=request.user, membership_id=int(request.POST.get("membership", 0)))
    return redirect("home")


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "core/notifications.html", {"items": items})


def permission_denied(request, exception=None):
    return render(request, "error.html", {"error": exception, "status": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "error.html", {"error": None, "status": 404}, status=404)
