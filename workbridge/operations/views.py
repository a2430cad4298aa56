from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from workbridge.core.access import actor_for
from workbridge.core.exceptions import PermissionDenied

from .jobs import last_runs, scheduled_jobs
from .models import JobRun


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """When each scheduled job last ran and whether it failed (platform admins)."""
    if not actor_for(request.user).is_platform_admin:
        raise PermissionDenied(_("Only platform administrators see the scheduled jobs."))
    runs = last_runs()
    rows = [(job, runs.get(job.task, {})) for job in scheduled_jobs()]
    return render(request, "operations/jobs.html", {"rows": rows, "recent": JobRun.objects.all()[:50]})
