"""Reusable spreadsheet import: read .xlsx / .csv, map zh or en headers, validate every row, commit all or nothing.

An app defines an ``Importer`` subclass (columns, natural key, how to clean and save a row through its
services) and registers it in ``AppConfig.ready()`` with ``register_importer``. Pages, the API, commands and
benchmarks all go through ``import_preview`` / ``import_commit`` (or ``import_file`` for one step).

Errors are collected per row as ``RowError(row, column, reason)``; ``row`` is the spreadsheet row number a
person sees in Excel (the header is row 1). Nothing is written unless every row is valid. Error messages
never repeat a personal identifier (ID numbers, phones) from the file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import spreadsheets
from .access import Actor, actor_for, require_role
from .exceptions import DomainError, ImportFailed, NotFound, ValidationFailed

MAX_ROWS = 50_000  # the import framework's own row limit (under settings.SPREADSHEET_MAX_ROWS)
MAX_STORED_ERRORS = 500


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    required: bool = True
    help_en: str = ""
    help_zh: str = ""
    example: str = ""
    # Other headers the column is known by in schools' own sheets (e.g. 届别 for 毕业年份).
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


class RowProblem(Exception):
    """Raised by ``Importer.clean_row`` helpers: one problem in one column of the current row."""

    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)


@dataclass
class Plan:
    kind: str
    total: int = 0
    creates: int = 0
    updates: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # cleaned rows, each with "_row" and "_existing"
    preview: list[dict] = field(default_factory=list)  # first rows for display (personal data masked)

    @property
    def ok(self) -> bool:
        return not self.errors and self.total > 0


class Importer:
    """Base class. Subclasses set ``kind``, ``label``, ``columns``, ``natural_key``, ``roles`` and implement
    ``prepare``, ``clean_row``, ``find_existing``, ``save_row`` and ``display_row``."""

    kind: str = ""
    label = gettext_lazy("Records")
    columns: tuple[Column, ...] = ()
    natural_key: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    # Columns whose values must be unique inside one file, besides the natural key: {key: message}
    unique_in_file: tuple[str, ...] = ()
    # Derived keys reported under a real column (e.g. the hash of an ID number under the ID number column).
    column_aliases: dict[str, str] = {}
    list_url_name: str = ""  # where the imported rows are listed (a URL name)

    def check_permission(self, actor: Actor) -> None:
        require_role(actor, self.roles, _("Your role may not import %(what)s.") % {"what": self.label})

    def prepare(self, actor: Actor) -> dict:
        """Load look-up tables once per import (majors by code, existing keys, ...)."""
        return {}

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        raise NotImplementedError

    def find_existing(self, cleaned: dict, ctx: dict):
        return None

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        raise NotImplementedError

    # Importers of large files may save all rows in one call (bulk services) instead of ``save_row``.
    save_rows = None

    def after_rows(self, rows: list[dict], ctx: dict, actor: Actor) -> None:
        """Runs in the same transaction once every row is saved (for example: log-ins for the new people)."""

    def display_row(self, cleaned: dict) -> list[str]:
        """Values shown in the preview table, in ``display_headers`` order; mask personal data here."""
        return [str(cleaned.get(c.key, "")) for c in self.columns[:6]]

    def display_headers(self) -> list[str]:
        return [str(gettext_lazy(c.en)) for c in self.columns[:6]]

    def header_for(self, key: str) -> str:
        key = self.column_aliases.get(key, key)
        for column in self.columns:
            if column.key == key:
                return column.zh if _is_zh() else column.en
        return key


def _is_zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").lower().startswith("zh")


_IMPORTERS: dict[str, Importer] = {}


def register_importer(importer_class: type[Importer]) -> None:
    _IMPORTERS[importer_class.kind] = importer_class()


def get_importer(kind: str) -> Importer:
    try:
        return _IMPORTERS[kind]
    except KeyError:
        raise NotFound(_("There is no importer for %(kind)s.") % {"kind": kind}) from None


def importers_for(actor) -> list[Importer]:
    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    allowed = []
    for importer in _IMPORTERS.values():
        try:
            importer.check_permission(actor)
        except DomainError:
            continue
        allowed.append(importer)
    return sorted(allowed, key=lambda i: i.kind)


def all_importers() -> list[Importer]:
    return sorted(_IMPORTERS.values(), key=lambda i: i.kind)


# --------------------------------------------------------------------------------------------------------------
# Reading files


def read_table(data: bytes, filename: str) -> Table:
    """Parse an uploaded .xlsx or .csv into headers and rows; raise ImportFailed with a clear message.

    The file is streamed through ``core.spreadsheets`` (the one reader): limits on size, rows, columns and
    cells stop a hostile file before it is materialised."""
    numbered = spreadsheets.read_rows(data, filename, limits_=spreadsheets.limits(max_rows=MAX_ROWS))
    if not numbered:
        raise ImportFailed(
            _("The file %(name)s is empty: it has no header row and no data.")
            % {"name": spreadsheets.safe_filename(filename)}
        )
    header_row, header_cells = numbered[0]
    headers = [_cell_text(c) for c in header_cells]
    body = [(row, cells) for row, cells in numbered[1:]]
    return Table(headers=headers, rows=body)


detect_encoding = spreadsheets.detect_encoding


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _normal_header(text: str) -> str:
    return text.replace("*", "").replace("＊", "").replace(" ", "").replace("\u3000", "").strip().lower()


def map_headers(importer: Importer, headers: list[str]) -> dict[str, int]:
    """Column key -> index in the row; raise ImportFailed naming every missing required column."""
    lookup = {}
    for column in importer.columns:
        for label in (column.key, column.en, column.zh, *column.aliases):
            lookup[_normal_header(label)] = column.key
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = lookup.get(_normal_header(header))
        if key and key not in positions:
            positions[key] = index
    missing = [c for c in importer.columns if c.required and c.key not in positions]
    if missing:
        names = ", ".join(f"{c.zh} / {c.en}" for c in missing)
        raise ImportFailed(
            _("The sheet is missing required columns: %(names)s. Download the template to see the expected headers.")
            % {"names": names},
            errors=[RowError(1, c.header("zh" if _is_zh() else "en"), _("column missing")).as_dict() for c in missing],
        )
    return positions


# --------------------------------------------------------------------------------------------------------------
# Planning and committing


def plan_import(importer: Importer, actor, table: Table) -> Plan:
    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    importer.check_permission(actor)
    positions = map_headers(importer, table.headers)
    # Errors name the column as it is written in the uploaded file (Chinese or English header).
    labels = {key: table.headers[index].replace("*", "").replace("＊", "").strip() for key, index in positions.items()}

    def column(key: str) -> str:
        key = importer.column_aliases.get(key, key)
        return labels.get(key) or importer.header_for(key)

    plan = Plan(kind=importer.kind, total=len(table.rows))
    if not table.rows:
        raise ImportFailed(_("The file has a header row but no data rows."))
    ctx = importer.prepare(actor)
    seen: dict[tuple[str, tuple], int] = {}
    for row_number, cells in table.rows:
        raw = {}
        for key, index in positions.items():
            raw[key] = cells[index] if index < len(cells) else None
        try:
            cleaned = importer.clean_row(raw, ctx, actor)
        except RowProblem as problem:
            plan.errors.append(RowError(row_number, column(problem.column), problem.reason))
            continue
        except RowProblems as problems:
            for problem in problems.problems:
                plan.errors.append(RowError(row_number, column(problem.column), problem.reason))
            continue
        duplicate = False
        for keys in [importer.natural_key, *[(k,) for k in importer.unique_in_file]]:
            value = tuple(str(cleaned.get(k, "")) for k in keys)
            if not any(value):
                continue
            marker = (",".join(keys), value)
            if marker in seen:
                plan.errors.append(
                    RowError(
                        row_number,
                        column(keys[-1]),
                        _("duplicate of row %(other)d in this file") % {"other": seen[marker]},
                    )
                )
                duplicate = True
            else:
                seen[marker] = row_number
        if duplicate:
            continue
        try:
            existing = importer.find_existing(cleaned, ctx)
        except RowProblem as problem:
            plan.errors.append(RowError(row_number, column(problem.column), problem.reason))
            continue
        cleaned["_row"] = row_number
        cleaned["_existing"] = existing
        plan.rows.append(cleaned)
        if existing is None:
            plan.creates += 1
        else:
            plan.updates += 1
        if len(plan.preview) < 50:
            plan.preview.append(
                {
                    "row": row_number,
                    "action": "update" if existing else "create",
                    "values": ["" if v is None else str(v) for v in importer.display_row(cleaned)],
                }
            )
    return plan


class RowProblems(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = problems


def collect(checks: Iterable) -> dict:
    """Run ``(key, callable)`` pairs, gathering every RowProblem so one row reports all its bad columns."""
    values, problems = {}, []
    for key, check in checks:
        try:
            values[key] = check()
        except RowProblem as problem:
            problems.append(problem)
    if problems:
        raise RowProblems(problems)
    return values


def commit_plan(importer: Importer, actor, plan: Plan) -> Plan:
    """Write every row through the importer's services in one transaction; nothing is written on any error."""
    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    if plan.errors:
        raise ImportFailed(
            _("Nothing was imported: %(n)d problem(s) in the file.") % {"n": len(plan.errors)},
            errors=[e.as_dict() for e in plan.errors[:MAX_STORED_ERRORS]],
        )
    ctx = importer.prepare(actor)
    if importer.save_rows is not None:
        with transaction.atomic():
            try:
                importer.save_rows(plan.rows, ctx, actor)
                importer.after_rows(plan.rows, ctx, actor)
            except DomainError as exc:
                raise ImportFailed(
                    _("Nothing was imported: %(reason)s") % {"reason": exc.message},
                    errors=[RowError(0, "", str(exc.message)).as_dict()],
                ) from exc
        return plan
    with transaction.atomic():
        for cleaned in plan.rows:
            try:
                importer.save_row(cleaned, cleaned["_existing"], ctx, actor)
            except DomainError as exc:
                column = ""
                if isinstance(exc.errors, dict) and exc.errors:
                    column = importer.header_for(next(iter(exc.errors)))
                raise ImportFailed(
                    _("Nothing was imported: row %(row)d failed: %(reason)s")
                    % {"row": cleaned["_row"], "reason": exc.message},
                    errors=[RowError(cleaned["_row"], column, str(exc.message)).as_dict()],
                ) from exc
        try:
            importer.after_rows(plan.rows, ctx, actor)
        except DomainError as exc:
            raise ImportFailed(
                _("Nothing was imported: %(reason)s") % {"reason": exc.message},
                errors=[RowError(0, "", str(exc.message)).as_dict()],
            ) from exc
    return plan


# Helpers used by importers' clean_row ---------------------------------------------------------------------------


def text(raw: dict, key: str, *, required: bool = True, max_length: int | None = None) -> str:
    value = _cell_text(raw.get(key))
    if required and not value:
        raise RowProblem(key, _("required"))
    if max_length and len(value) > max_length:
        raise RowProblem(key, _("longer than %(n)d characters") % {"n": max_length})
    return value


def identifier_text(raw: dict, key: str, *, required: bool = True) -> str:
    """A long digit string (ID number, phone) that Excel must keep as text: a number cell lost digits."""
    value = raw.get(key)
    if isinstance(value, float) and value >= 1e15:
        raise RowProblem(
            key, _("stored as a number, so Excel dropped digits: format the column as text and re-enter it")
        )
    return text(raw, key, required=required)


def integer(raw: dict, key: str, *, required: bool = True, minimum: int | None = None, maximum: int | None = None):
    value = _cell_text(raw.get(key))
    if not value:
        if required:
            raise RowProblem(key, _("required"))
        return None
    try:
        number = int(Decimal(value))
        if Decimal(value) != number:
            raise ValueError
    except (InvalidOperation, ValueError):
        raise RowProblem(key, _("%(v)s is not a whole number") % {"v": value[:30]})
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise RowProblem(key, _("%(v)s is outside %(a)s-%(b)s") % {"v": number, "a": minimum, "b": maximum})
    return number


def decimal(raw: dict, key: str, *, required: bool = True, minimum=None, maximum=None):
    value = _cell_text(raw.get(key))
    if not value:
        if required:
            raise RowProblem(key, _("required"))
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowProblem(key, _("%(v)s is not a number") % {"v": value[:30]})
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise RowProblem(key, _("%(v)s is outside %(a)s-%(b)s") % {"v": value, "a": minimum, "b": maximum})
    return number


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def date(raw: dict, key: str, *, required: bool = True) -> dt.date | None:
    value = raw.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    textual = _cell_text(value)
    if not textual:
        if required:
            raise RowProblem(key, _("required"))
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(textual, fmt).date()
        except ValueError:
            continue
    raise RowProblem(key, _("%(v)s is not a date (use YYYY-MM-DD)") % {"v": textual[:30]})


def choice(raw: dict, key: str, choices, *, required: bool = True, default: str = "") -> str:
    """Accept a choice by its stored value or by its English or Chinese label."""
    from django.utils import translation

    value = _cell_text(raw.get(key))
    if not value:
        if required and not default:
            raise RowProblem(key, _("required"))
        return default
    options = {}
    for stored, label in choices:
        options[str(stored).lower()] = stored
        with translation.override("en"):
            options[str(label).lower()] = stored
        with translation.override("zh-hans"):
            options[str(label).lower()] = stored
    found = options.get(value.lower())
    if found is None:
        allowed = ", ".join(str(label) for _stored, label in choices)
        raise RowProblem(key, _("%(v)s is not one of: %(allowed)s") % {"v": value[:30], "allowed": allowed})
    return found


# --------------------------------------------------------------------------------------------------------------
# Jobs: preview -> commit, used by pages and the API


def import_preview(*, actor, kind: str, uploaded) -> tuple[object, Plan]:
    """Read and check an uploaded file, store it as a previewed ImportJob; raise ImportFailed for a bad file."""
    from .models import ImportJob
    from .services import audit_record

    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    importer = get_importer(kind)
    importer.check_permission(actor)
    # The name is the client's claim: keep only its last component, without control characters (no "../").
    filename = spreadsheets.safe_filename(getattr(uploaded, "name", "upload"))
    spreadsheets.check_size(getattr(uploaded, "size", None))
    data = uploaded.read()
    table = read_table(data, filename)
    plan = plan_import(importer, actor, table)
    job = ImportJob(
        kind=kind,
        created_by=actor.user,
        organization_id=actor.organization_id,
        filename=filename[:200],
        status=ImportJob.Status.PREVIEWED if not plan.errors else ImportJob.Status.INVALID,
        total_rows=plan.total,
        create_count=plan.creates,
        update_count=plan.updates,
        errors=[e.as_dict() for e in plan.errors[:MAX_STORED_ERRORS]],
        error_count=len(plan.errors),
        preview=plan.preview,
    )
    job.full_clean(exclude=["upload"])
    with transaction.atomic():
        job.save()
        if not plan.errors:
            from django.core.files.base import ContentFile

            job.upload.save(f"{job.pk}-{kind}{_suffix(filename)}", ContentFile(data), save=True)
        audit_record(
            actor=actor.user,
            action="import.preview",
            target=job,
            organization_id=actor.organization_id,
            data={"kind": kind, "rows": plan.total, "errors": len(plan.errors)},
        )
    return job, plan


def _suffix(filename: str) -> str:
    lower = filename.lower()
    for ext in (".xlsx", ".xlsm", ".csv", ".txt"):
        if lower.endswith(ext):
            return ext
    return ""


def import_commit(*, actor, job) -> object:
    """Commit a previewed job: re-read the stored file, re-check it against the current data, write all rows."""
    from .models import ImportJob
    from .services import audit_record

    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    if job.created_by_id != actor.user_id:
        raise NotFound(_("Import %(id)s not found.") % {"id": job.pk})
    if job.status != ImportJob.Status.PREVIEWED or not job.upload:
        raise ValidationFailed(_("Only a previewed import without errors can be committed."))
    importer = get_importer(job.kind)
    with job.upload.open("rb") as handle:
        data = handle.read()
    table = read_table(data, job.upload.name)
    plan = plan_import(importer, actor, table)
    try:
        commit_plan(importer, actor, plan)
    except ImportFailed as exc:
        job.status = ImportJob.Status.FAILED
        job.errors = (
            exc.errors if isinstance(exc.errors, list) else [e.as_dict() for e in plan.errors[:MAX_STORED_ERRORS]]
        )
        job.error_count = len(job.errors)
        job.save(update_fields=["status", "errors", "error_count"])
        raise
    job.status = ImportJob.Status.COMMITTED
    job.create_count, job.update_count = plan.creates, plan.updates
    job.committed_at = timezone.now()
    # The stored copy holds personal data; it is not needed once the rows are in the database.
    job.upload.delete(save=False)
    job.upload = ""
    job.save(update_fields=["status", "create_count", "update_count", "committed_at", "upload"])
    audit_record(
        actor=actor.user,
        action="import.commit",
        target=job,
        organization_id=actor.organization_id,
        summary=f"{job.kind}: {plan.creates} new, {plan.updates} updated",
        data={"kind": job.kind, "created": plan.creates, "updated": plan.updates},
    )
    return job


def import_file(*, actor, kind: str, data: bytes, filename: str) -> Plan:
    """One-step import without a stored job (commands, benchmarks): read, check, commit."""
    from .services import audit_record

    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    importer = get_importer(kind)
    table = read_table(data, filename)
    plan = plan_import(importer, actor, table)
    commit_plan(importer, actor, plan)
    audit_record(
        actor=actor.user,
        action="import.commit",
        organization_id=actor.organization_id,
        summary=f"{kind}: {plan.creates} new, {plan.updates} updated",
        data={"kind": kind, "created": plan.creates, "updated": plan.updates},
    )
    return plan


# --------------------------------------------------------------------------------------------------------------
# Templates


def template_workbook(importer: Importer, lang: str = "zh") -> bytes:
    """An .xlsx with the header row (required columns marked *) and a second sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    zh = lang.startswith("zh")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入" if zh else "import"
    headers = [(c.zh if zh else c.en) + ("*" if c.required else "") for c in importer.columns]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8F4F3")
    for index, _column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(headers[index - 1]) * (2 if zh else 1) + 4)
        # Identifiers are text: Excel would otherwise round 18-digit ID numbers.
        for row in range(2, 1002):
            sheet.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet("说明" if zh else "notes")
    notes.append(
        [
            "列" if zh else "column",
            "必填" if zh else "required",
            "说明" if zh else "meaning",
            "示例" if zh else "example",
        ]
    )
    for column in importer.columns:
        notes.append(
            [
                column.zh if zh else column.en,
                ("是" if zh else "yes") if column.required else ("否" if zh else "no"),
                (column.help_zh if zh else column.help_en) or "",
                column.example,
            ]
        )
    for cell in notes[1]:
        cell.font = bold
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["C"].width = 70
    notes.column_dimensions["D"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
