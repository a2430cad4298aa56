"""Every uploaded document goes through here: its type is read from the file's first bytes (never from its name
or the browser's declared content type), only an allow-list passes, it is stored under a generated name, and it
is served back only through a view that checked access, as a download, or inline only for PDF and images, always
with ``X-Content-Type-Options: nosniff`` (issue 8: an .html "licence" ran a script in the reviewer's session).

Spreadsheet imports are read (and refused) by ``core.spreadsheets``; this module covers documents people attach.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from .exceptions import NotFound, ValidationFailed


@dataclass(frozen=True)
class FileType:
    ext: str
    mime: str
    label: str
    inline: bool  # safe to show in the browser (PDF, images); everything else downloads


PDF = FileType("pdf", "application/pdf", "PDF", True)
JPEG = FileType("jpg", "image/jpeg", "JPEG", True)
PNG = FileType("png", "image/png", "PNG", True)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)", False)
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)", False)
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "PowerPoint (.pptx)", False)

# What each kind of upload may be.
DOCUMENT = (PDF, JPEG, PNG)  # licences, signed agreements, attestations, consent forms
OFFICE = (PDF, JPEG, PNG, XLSX, DOCX, PPTX)  # project outputs, report attachments

_OFFICE_MARKERS = {"xl/workbook.xml": XLSX, "word/document.xml": DOCX, "ppt/presentation.xml": PPTX}


def detect(head: bytes, whole=None) -> FileType | None:
    """The file's real type from its signature; ``whole`` (a seekable file) lets zip-based Office files be told
    apart by their parts. None when the bytes are none of the types WorkBridge accepts."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            whole.seek(0)
            names = set(zipfile.ZipFile(whole).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            whole.seek(0)
        for marker, kind in _OFFICE_MARKERS.items():
            if marker in names:
                return kind
    return None


def _max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def checked_upload(upload, *, field: str, allowed: tuple[FileType, ...] = DOCUMENT) -> FileType:
    """Refuse anything but the allowed types (by content) and sizes; rename the upload to a generated name with
    the detected type's extension, so nothing the client sent decides where or as what the file is stored."""
    allowed_text = ", ".join(t.label for t in allowed)
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationFailed(_("The file is empty."), errors={field: [_("The file is empty.")]})
    if size > _max_bytes():
        limit = _max_bytes() // (1024 * 1024)
        message = _("The file is larger than %(n)d MB.") % {"n": limit}
        raise ValidationFailed(message, errors={field: [message]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = detect(head, upload)
    if kind not in allowed:
        message = _("%(name)s is not an accepted file: upload %(allowed)s (the content is checked, not the name).") % {
            "name": (getattr(upload, "name", "") or "?").replace("\\", "/").rsplit("/", 1)[-1][:80],
            "allowed": allowed_text}
        raise ValidationFailed(message, errors={field: [_("Accepted types: %(allowed)s.") % {"allowed": allowed_text}]})
    upload.name = f"{uuid.uuid4().hex}.{kind.ext}"
    return kind


def serve_file(field_file, *, download_name: str) -> HttpResponse:
    """Hand out a stored upload after the caller checked access. The type comes from the stored bytes; PDF and
    images may show inline, anything else downloads; never sniffed by the browser."""
    if not field_file:
        raise NotFound(_("No file on record."))
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise NotFound(_("The file is missing from storage.")) from None
    head = handle.read(16)
    handle.seek(0)
    kind = detect(head, handle) or FileType("bin", "application/octet-stream", "", False)
    filename = f"{download_name}.{kind.ext}"
    accel = getattr(settings, "UPLOADS_X_ACCEL_REDIRECT", "")
    if accel:
        # Behind nginx (deploy/nginx): Django decided who may see it, nginx sends the bytes.
        handle.close()
        response = HttpResponse(content_type=kind.mime)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + field_file.name.lstrip("/")
        disposition = "inline" if kind.inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    else:
        response = FileResponse(handle, content_type=kind.mime, as_attachment=not kind.inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

