"""The personal-data export as a download, the same for the page and the API."""

from django.http import HttpResponse
from django.utils import timezone


def export_response(data: bytes, user) -> HttpResponse:
    """The .zip a person (or their school's admin) downloads, named after the account and the day."""
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="workbridge-personal-data-{user.pk}-{stamp}.zip"'
    return response
