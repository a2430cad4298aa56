"""The one gate every uploaded file goes through, and the one way a stored file is served.

``validate_upload(upload, purpose=...)`` checks the file's *content* (its signature / magic bytes, sniffed with the
``filetype`` package) against the allow-list of the purpose, checks the size limit of the purpose (setting
``UPLOAD_MAX_BYTES_BY_PURPOSE``), and renames the upload to a generated name (uuid + the extension of the detected
type) so
neither the client's file name nor its declared content type ever decides what is stored or where.

``serve_upload(field_file)`` streams a stored file, after the caller has checked access through ``core.access``:
PDF, JPEG and PNG may open inline, everything else is an attachment; the content type comes from the detected
type, and ``X-Content-Type-Options: nosniff`` plus a sandboxing CSP are always set.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, HttpResponse
from django.utils.text import get_text_list, get_valid_filename
from django.utils.translation import gettext as _

from workbridge.core.exceptions import NotFound, ValidationFailed

HEAD_BYTES = 8192

# detected kind -> (extension, content type)
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "jpeg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "csv": ("csv", "text/csv"),
    "txt": ("txt", "text/plain"),
    "jsonl": ("jsonl", "application/jsonl"),
    "mp4": ("mp4", "video/mp4"),
    "zip": ("zip", "application/zip"),
}
TEXT_KINDS = ("csv", "txt", "jsonl")
INLINE_KINDS = ("pdf", "jpeg", "png")

# purpose -> allowed detected kinds
PURPOSES = {
    "document": ("pdf", "jpeg", "png"),
    "output": ("pdf", "jpeg", "png", "xlsx", "docx", "pptx"),
    "spreadsheet": ("xlsx", "csv"),
    "workbook": ("xlsx",),
    "postings": ("xlsx", "csv", "txt", "jsonl"),
    "photo": ("jpeg", "png"),
    # shared teaching resources (teaching_resources): courseware, textbooks, cases, videos, question banks (zip)
    "teaching_resource": ("pdf", "jpeg", "png", "docx", "pptx", "xlsx", "mp4", "zip"),
}
# purpose -> key of settings.UPLOAD_MAX_BYTES_BY_PURPOSE
SIZE_KEYS = {
    "document": "document",
    "output": "output",
    "spreadsheet": "spreadsheet",
    "workbook": "spreadsheet",
    "postings": "spreadsheet",
    "photo": "photo",
    "teaching_resource": "teaching_resource",
}
DEFAULT_MAX_BYTES = {
    "document": 10 * 1024 * 1024,
    "output": 20 * 1024 * 1024,
    "spreadsheet": 20 * 1024 * 1024,
    "photo": 12 * 1024 * 1024,
    # a short teaching video or a question bank; under UPLOAD_MAX_BYTES (25 MB), which caps the whole request
    "teaching_resource": 24 * 1024 * 1024,
}


def _labels() -> dict[str, str]:
    return {
        "pdf": "PDF",
        "jpeg": "JPEG",
        "png": "PNG",
        "xlsx": _("Excel (.xlsx)"),
        "docx": _("Word (.docx)"),
        "pptx": _("PowerPoint (.pptx)"),
        "csv": "CSV",
        "txt": _("text (.txt)"),
        "jsonl": "JSONL",
        "mp4": _("video (.mp4)"),
        "zip": _("zip archive"),
    }


def allowed_label(purpose: str) -> str:
    labels = _labels()
    return str(get_text_list([labels[k] for k in PURPOSES[purpose]], _("or")))


def max_bytes(purpose: str) -> int:
    key = SIZE_KEYS[purpose]
    return int(getattr(settings, "UPLOAD_MAX_BYTES_BY_PURPOSE", {}).get(key, DEFAULT_MAX_BYTES[key]))


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    extension: str
    content_type: str
    storage_name: str


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_kind(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None when it is none of the kinds we know."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    return {
        "pdf": "pdf",
        "jpg": "jpeg",
        "png": "png",
        "xlsx": "xlsx",
        "docx": "docx",
        "pptx": "pptx",
        "mp4": "mp4",
        "zip": "zip",
    }.get(guess.extension)


def _zip_kind(data: bytes) -> str | None:
    """Office files are zips; filetype reads only the first entry names, so look at the whole directory."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in (("xl/", "xlsx"), ("word/", "docx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def _is_zip(data: bytes) -> bool:
    """A readable zip archive (its directory opens); it is stored and served as is, never unpacked here."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def validate_upload(upload, *, purpose: str, field: str = "file", keep_name: bool = False) -> CheckedUpload:
    """Accept the upload for ``purpose`` or raise ValidationFailed naming the file and what is allowed.

    On success ``upload.name`` is replaced with the generated storage name (uuid + detected extension); with
    ``keep_name`` (imports, whose file name is shown back to the user and never used as a storage path) it becomes
    the sanitised base name of the client's file with the detected extension instead."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown upload purpose {purpose!r}")
    original = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1] or _("(no name)")
    allowed = PURPOSES[purpose]
    limit = max_bytes(purpose)
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read_all(upload))
    if size > limit:
        message = _("%(name)s is larger than %(limit)s MB.") % {"name": original, "limit": f"{limit / 1024 / 1024:g}"}
        raise ValidationFailed(message, errors={field: [message]})
    if size == 0:
        message = _("%(name)s is empty.") % {"name": original}
        raise ValidationFailed(message, errors={field: [message]})
    head = _read_head(upload)
    kind = detect_kind(head)
    if head.startswith(b"PK\x03\x04") and any(k in allowed for k in ("xlsx", "docx", "pptx")):
        kind = _zip_kind(_read_all(upload))
        if kind is None and "zip" in allowed and _is_zip(_read_all(upload)):
            kind = "zip"
    if kind is None and any(k in allowed for k in TEXT_KINDS) and _is_text(_read_all(upload)):
        # Plain text has no signature: it is text when it decodes and has no NUL byte; the name says which text.
        suffix = original.lower().rsplit(".", 1)[-1] if "." in original else ""
        kind = suffix if suffix in TEXT_KINDS else None
    if kind not in allowed:
        message = _("%(name)s is not an allowed file type; upload %(allowed)s.") % {
            "name": original,
            "allowed": allowed_label(purpose),
        }
        raise ValidationFailed(message, errors={field: [message]})
    extension, content_type = KINDS[kind]
    storage_name = f"{uuid.uuid4().hex}.{extension}"
    if keep_name:
        stem = original.rsplit(".", 1)[0] if "." in original else original
        try:
            stem = get_valid_filename(stem.strip(". "))[:100]
        except SuspiciousFileOperation:
            stem = "upload"
        upload.name = f"{stem}.{extension}"
    else:
        upload.name = storage_name
    return CheckedUpload(kind=kind, extension=extension, content_type=content_type, storage_name=storage_name)


PHOTO_MAX_SIDE = 1600  # pixels; enough to read a badge or a machine plate, a few hundred KB as JPEG
PHOTO_MAX_PIXELS = 60_000_000  # a 60-megapixel camera; anything larger is refused before it is decoded


def clean_photo(upload, *, field: str = "photo"):
    """A camera photo made safe to keep: checked by content and size (purpose "photo": JPEG or PNG), decoded,
    turned upright (the EXIF orientation applied), scaled down to PHOTO_MAX_SIDE and written anew as a JPEG
    without any metadata: no EXIF, so no GPS position, camera serial or time stamp leaves the phone with it.
    Returns a ContentFile named uuid.jpg; raises ValidationFailed naming the file when it cannot be read."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps, UnidentifiedImageError

    original = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1] or _("(no name)")
    validate_upload(upload, purpose="photo", field=field)
    unreadable = _("%(name)s could not be read as a photo; take it again.") % {"name": original}
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                message = _("%(name)s has too many pixels; take it at a lower resolution.") % {"name": original}
                raise ValidationFailed(message, errors={field: [message]})
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationFailed(unreadable, errors={field: [unreadable]}) from None
    if upright.mode not in ("RGB", "L"):
        if "A" in upright.getbands() or upright.mode == "P":
            upright = upright.convert("RGBA")
            flat = Image.new("RGB", upright.size, (255, 255, 255))
            flat.paste(upright, mask=upright.getchannel("A"))
            upright = flat
        else:
            upright = upright.convert("RGB")
    upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    # A fresh image carries no info dict; exif=b"" and no icc_profile keep the file free of metadata.
    upright.save(out, format="JPEG", quality=82, optimize=True, exif=b"")
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def serve_upload(field_file, *, download_name: str = "") -> HttpResponse:
    """Stream a stored file. The caller has already checked that the actor may see it."""
    if not field_file:
        raise NotFound(_("No file on record."))
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise NotFound(_("The file is missing from storage.")) from None
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    kind = detect_kind(head)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = "zip"
    stored_extension = str(getattr(field_file, "name", "") or "").rsplit(".", 1)[-1].lower()
    if kind == "zip" and stored_extension in ("xlsx", "docx", "pptx"):
        # An office file is a zip; the stored name's extension was set from its detected kind when uploaded.
        kind = stored_extension
    inline = kind in INLINE_KINDS
    if kind in KINDS:
        extension, content_type = KINDS[kind]
    else:
        extension, content_type = "bin", "application/octet-stream"
    base = (download_name or "file").replace("/", "_").replace("\\", "_")
    accel = getattr(settings, "UPLOADS_X_ACCEL_REDIRECT", "")
    if accel:
        # Behind nginx (deploy/nginx): Django decided who may see the file, nginx sends the bytes.
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + field_file.name.lstrip("/")
        response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{base}.{extension}"'
    else:
        response = FileResponse(
            handle, as_attachment=not inline, filename=f"{base}.{extension}", content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
