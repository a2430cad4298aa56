"""Every write of the labour-market app: ingest, demand tables, surveys, association data, destinations,
curriculum tags, training programmes and early warnings."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Course, Major, Student
from workbridge.core.access import Actor, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    Conflict,
    ImportFailed,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.organizations.engines.names import normalize_name
from workbridge.organizations.models import Membership, Organization, Region

from . import tabular
from .engines import pipeline
from .engines import warning as warning_engine
from .models import (
    BatchStatus,
    CourseSkill,
    DemandStat,
    DemandSurvey,
    Destination,
    DestinationFollowUp,
    DestinationSource,
    Dimension,
    FollowUpStatus,
    GraduateDestination,
    HeadcountForecast,
    IngestBatch,
    MajorTargetOccupation,
    MajorWarning,
    Occupation,
    Posting,
    PostingSkill,
    PostingSource,
    ProgrammeComment,
    ProgrammeReviewer,
    ProgrammeStatus,
    ProgrammeVersion,
    QuestionKind,
    Relevance,
    Skill,
    SkillStandard,
    SourceKind,
    StandardSkill,
    SurveyPostDemand,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
    TagStatus,
    TrainingProgramme,
    WarningRule,
    WarningSetting,
)
from .permissions import require_ingest

log = logging.getLogger(__name__)

SCHOOL_STAFF = (Role.SCHOOL_ADMIN, Role.TEACHER)
CHUNK_SIZE = 2000
ROLLED_BACK = "rolled back"  # the reason recorded on a rolled-back batch; shown to users in words by batch_problems
DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = Path(__file__).resolve().parent / "data" / "warning_rules.json"


# ==================================================================================================
# Reference data
# ==================================================================================================
@transaction.atomic
def skills_load(*, path: Path | None = None) -> int:
    """Upsert the Skill table from the shipped taxonomy (h3's engines.taxonomy). Returns the row count."""
    from .engines.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(path) if path else load_taxonomy()
    existing = {s.skill_id: s for s in Skill.objects.all()}
    create, update = [], []
    for entry in _taxonomy_entries(taxonomy):
        values = {
            "name_zh": (entry.name_zh or entry.name_en or entry.id)[:120],
            "name_en": (entry.name_en or "")[:160],
            "aliases": list(entry.aliases or []),
            "skill_type": _skill_type(getattr(entry, "type", "skill")),
            "group": (getattr(entry, "group_zh", "") or getattr(entry, "group", "") or "")[:80],
            "source": (getattr(entry, "source", "") or "")[:200],
        }
        row = existing.get(entry.id)
        if row is None:
            create.append(Skill(skill_id=entry.id, **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
            update.append(row)
    Skill.objects.bulk_create(create, batch_size=1000)
    if update:
        Skill.objects.bulk_update(
            update, ["name_zh", "name_en", "aliases", "skill_type", "group", "source"], batch_size=1000
        )
    return len(create) + len(update)


def _taxonomy_entries(taxonomy):
    skills = getattr(taxonomy, "skills", taxonomy)
    if isinstance(skills, dict):
        return list(skills.values())
    return list(skills)


def _skill_type(value: str) -> str:
    value = (value or "skill").lower()
    aliases = {
        "tool/technology": "tool",
        "technology": "tool",
        "soft": "transversal",
        "transversal/soft": "transversal",
    }
    value = aliases.get(value, value)
    return value if value in {"knowledge", "skill", "tool", "language", "transversal"} else "skill"


def _occupation_file() -> Path:
    for candidate in sorted(DATA_DIR.glob("csco*.csv")):
        return candidate
    raise NotFound(_("The occupation classification file (labour_market/data/csco*.csv) is missing."))


@transaction.atomic
def occupations_load(*, path: Path | None = None) -> int:
    import csv

    path = path or _occupation_file()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    existing = set(Occupation.objects.values_list("code", flat=True))
    create = []
    for row in rows:
        code = (row.get("code") or "").strip()
        if not code or code in existing:
            continue
        existing.add(code)
        create.append(
            Occupation(
                code=code,
                name=(row.get("name") or "").strip()[:200],
                level=int(row.get("level") or 4),
                definition=(row.get("definition") or "").strip(),
            )
        )
    Occupation.objects.bulk_create(create, batch_size=1000)
    return Occupation.objects.count()


def ensure_reference_data() -> None:
    if not Skill.objects.exists():
        skills_load()
    if not Occupation.objects.exists():
        try:
            occupations_load()
        except NotFound:
            log.warning("occupation file missing; occupation names will show as codes")


# ==================================================================================================
# Ingest
# ==================================================================================================
def postings_preview(*, data: bytes, file_name: str, fmt: str | None = None, mapping: dict | None = None) -> dict:
    """Read a file without saving anything: headers, the guessed or given mapping, the first rows parsed."""
    fmt = fmt or tabular.format_from_name(file_name)
    if not fmt:
        raise ImportFailed(
            _("Cannot tell the format from the file name; choose one."), errors=[{"row": 0, "reason": "format"}]
        )
    try:
        table = tabular.read_table(data, fmt)
        chosen = tabular.validate_mapping(
            mapping or tabular.guess_mapping(table.headers) or {"text": table.headers[0]}, table.headers
        )
    except tabular.FileProblem as exc:
        raise ImportFailed(str(exc)) from None
    sample = []
    for line, record in list(tabular.mapped_records(table, chosen))[:8]:
        draft = pipeline.draft_from_record(line, record)
        if draft is not None:
            sample.append(draft)
    return {
        "format": fmt,
        "encoding": table.encoding,
        "headers": table.headers,
        "mapping": chosen,
        "rows": len(table.rows),
        "sample": sample,
    }


def postings_ingest(
    *,
    actor: Actor,
    file,
    fmt: str | None = None,
    source: str = "",
    mapping: dict | None = None,
    default_month: dt.date | None = None,
    licence_note: str = "",
) -> IngestBatch:
    """Save the upload as a batch and process it in chunks (a Celery task; inline when Celery is eager)."""
    actor = require_ingest(as_actor(actor))
    name = Path(getattr(file, "name", "upload")).name
    data = file.read() if hasattr(file, "read") else bytes(file)
    if not data:
        raise ImportFailed(_("The file is empty."))
    max_bytes = getattr(settings, "POSTINGS_INGEST_MAX_BYTES", 50 * 1024 * 1024)
    if len(data) > max_bytes:
        raise ImportFailed(
            _(
                "The file %(name)s is %(size)s MB; postings files may be at most %(limit)s MB. Split it and upload the parts."
            )
            % {"name": name, "size": round(len(data) / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
        )
    preview = postings_preview(data=data, file_name=name, fmt=fmt, mapping=mapping)
    max_rows = getattr(settings, "POSTINGS_INGEST_MAX_ROWS", 200_000)
    if preview["rows"] > max_rows:
        raise ImportFailed(
            _(
                "The file %(name)s has %(rows)s rows; a postings file may have at most %(limit)s rows. Split it and upload the parts."
            )
            % {"name": name, "rows": preview["rows"], "limit": max_rows}
        )
    with transaction.atomic():
        source_obj, _created = PostingSource.objects.get_or_create(
            name=(source or f"upload:{name}")[:120],
            defaults={"kind": SourceKind.POSTINGS, "licence_note": licence_note[:300]},
        )
        batch = IngestBatch(
            source=source_obj,
            organization_id=actor.organization_id,
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
            file_name=name[:200],
            file_format=preview["format"],
            encoding=preview["encoding"],
            mapping={**preview["mapping"], **({"_default_month": default_month.isoformat()} if default_month else {})},
            rows_total=preview["rows"],
        )
        batch.file.save(name, ContentFile(data), save=False)
        batch.save()
        audit_record(
            actor=actor.user,
            action="postings.ingest",
            target=batch,
            organization_id=actor.organization_id,
            summary=f"{name}: {preview['rows']} rows",
            data={"format": preview["format"], "source": source_obj.name},
        )
    from . import tasks

    if settings.CELERY_TASK_ALWAYS_EAGER:
        batch_process(batch_id=batch.pk)  # no broker (a one-process install, tests): the work runs here and now
    else:
        # With a broker the request only stores the file and queues the work, once the batch row is committed.
        transaction.on_commit(lambda: tasks.ingest_batch.delay(batch.pk))
    batch.refresh_from_db()
    return batch


class _Linker:
    """Company name -> platform enterprise; city/province -> Region (both by normalised name)."""

    def __init__(self):
        self.enterprises = {}
        for pk, name, section in Organization.objects.filter(kind=OrgKind.ENTERPRISE).values_list(
            "pk", "name", "industry_section"
        ):
            key = normalize_name(name)
            if key:
                self.enterprises.setdefault(key, (pk, section))
        self.regions = {}
        for pk, name in Region.objects.values_list("pk", "name"):
            self.regions.setdefault(_place_key(name), pk)

    def enterprise(self, company: str):
        return self.enterprises.get(normalize_name(company)) if company else None

    def region(self, province: str, city: str):
        return (
            self.regions.get(_place_key(city))
            if city
            else (self.regions.get(_place_key(province)) if province else None)
        )


def _place_key(name: str) -> str:
    name = (name or "").strip()
    for suffix in ("特别行政区", "自治区", "自治州", "省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


LEASE = dt.timedelta(minutes=10)


def _claim(batch_id: int) -> bool:
    """Take the batch for this worker: a new one, or a running one whose worker stopped renewing its lease."""
    now = timezone.now()
    claimable = (
        Q(status=BatchStatus.PENDING)
        | Q(status=BatchStatus.RUNNING, lease_expires_at__lt=now)
        | Q(status=BatchStatus.RUNNING, lease_expires_at__isnull=True)
    )
    return bool(
        IngestBatch.objects.filter(claimable, pk=batch_id).update(
            status=BatchStatus.RUNNING, lease_expires_at=now + LEASE
        )
    )


def batch_process(*, batch_id: int, chunk_size: int | None = None) -> IngestBatch:
    """Process a batch chunk by chunk, resuming after the last committed chunk.

    Each chunk's postings, skill spans and the batch's progress (rows_done, counts, lease) commit in one
    transaction, so a worker killed at any moment leaves the batch at a chunk boundary, to be resumed by
    ``ingest_recover``. An error inside the pipeline removes the batch's postings and marks it failed."""
    if not _claim(batch_id):
        return IngestBatch.objects.get(pk=batch_id)
    batch = IngestBatch.objects.select_related("source").get(pk=batch_id)
    chunk_size = chunk_size or CHUNK_SIZE
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
        table = tabular.read_table(data, batch.file_format)
        mapping = {k: v for k, v in batch.mapping.items() if not k.startswith("_")}
        default_month = batch.mapping.get("_default_month")
        default_month = dt.date.fromisoformat(default_month) if default_month else None
        records = list(tabular.mapped_records(table, mapping))
        pipeline.warm_up()
        ensure_reference_data()
        state = ChunkState.for_source(batch.source)
        errors: list[dict] = list(batch.errors or [])
        totals = defaultdict(int, {k: getattr(batch, k) for k in ("imported", "duplicates", "flagged", "skipped")})
        for start in range(batch.rows_done, len(records), chunk_size):
            with transaction.atomic():
                counts = process_chunk(
                    batch=batch,
                    records=records[start : start + chunk_size],
                    state=state,
                    default_month=default_month,
                    errors=errors,
                )
                for k, v in counts.items():
                    totals[k] += v
                IngestBatch.objects.filter(pk=batch.pk).update(
                    rows_done=min(len(records), start + chunk_size),
                    errors=errors[:200],
                    lease_expires_at=timezone.now() + LEASE,
                    **dict(totals),
                )
        IngestBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE,
            errors=errors[:200],
            finished_at=timezone.now(),
            rows_done=len(records),
            lease_expires_at=None,
        )
        _demand_follows()
    except Exception as exc:  # the batch must never stay half-imported
        log.exception("ingest batch %s failed", batch.pk)
        batch_rollback_rows(batch.pk)
        message = str(exc) if isinstance(exc, (tabular.FileProblem, ValidationFailed)) else exc.__class__.__name__
        IngestBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED,
            errors=[{"row": 0, "reason": message}],
            finished_at=timezone.now(),
            imported=0,
            duplicates=0,
            flagged=0,
            lease_expires_at=None,
        )
    batch.refresh_from_db()
    return batch


def _rows(values_queryset) -> Iterable[Mapping[str, Any]]:
    """A values() queryset annotated with computed aggregates, typed as the rows it yields."""
    return values_queryset


def _demand_follows() -> None:
    """Demand tables follow a change of postings: queued for a worker once the change commits, one run per minute
    however many files arrive (core.debounce); inline when there is no broker."""
    from workbridge.core.debounce import queue_once

    from . import tasks

    queue_once(tasks.demand_recompute, key="all")


def batch_rollback_rows(batch_id: int) -> int:
    return Posting.objects.filter(batch_id=batch_id).delete()[0]


def ingest_recover(*, now: dt.datetime | None = None) -> list[int]:
    """Resume every running batch whose worker died (its lease ran out). Returns the resumed batch ids."""
    from . import tasks

    now = now or timezone.now()
    stale = list(
        IngestBatch.objects.filter(status=BatchStatus.RUNNING, lease_expires_at__lt=now).values_list("pk", flat=True)
    )
    for pk in stale:
        log.warning("ingest batch %s lost its worker; resuming", pk)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            batch_process(batch_id=pk)
        else:
            tasks.ingest_batch.delay(pk)
    return stale


def batch_is_stalled(batch: IngestBatch, *, now: dt.datetime | None = None) -> bool:
    """A running batch whose worker stopped renewing its lease (the worker died or the machine restarted)."""
    now = now or timezone.now()
    return batch.status == BatchStatus.RUNNING and bool(batch.lease_expires_at) and batch.lease_expires_at < now


def batch_may_manage(actor: Actor, batch: IngestBatch) -> bool:
    """Who may resume or roll back a batch: whoever uploaded it, and the platform admin."""
    return actor.is_platform_admin or bool(batch.created_by_id and batch.created_by_id == actor.user.pk)


def batch_resume(*, actor: Actor, batch_id: int) -> IngestBatch:
    """The batch's owner (or a platform admin) restarts a stalled batch from its last committed chunk, as the
    recovery job would on its next round."""
    from . import tasks

    actor = as_actor(actor)
    with transaction.atomic():
        batch = IngestBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or not batch_may_manage(actor, batch):
            raise NotFound(_("No such batch."))
        if not batch_is_stalled(batch):
            raise Conflict(_("Only a batch whose processing stopped midway can be resumed."))
        audit_record(
            actor=actor, action="postings.batch_resumed", target=batch, summary=f"{batch.rows_done}/{batch.rows_total}"
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        batch_process(batch_id=batch.pk)
    else:
        tasks.ingest_batch.delay(batch.pk)
    batch.refresh_from_db()
    return batch


@transaction.atomic
def batch_rollback(*, actor: Actor, batch_id: int) -> IngestBatch:
    """The batch's owner (or a platform admin) removes everything a stuck or unwanted batch imported."""
    actor = as_actor(actor)
    batch = IngestBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None or not batch_may_manage(actor, batch):
        raise NotFound(_("No such batch."))
    if batch.status == BatchStatus.RUNNING and batch.lease_expires_at and batch.lease_expires_at > timezone.now():
        raise Conflict(_("The batch is being processed right now; roll it back when it has finished or stopped."))
    removed = batch_rollback_rows(batch.pk)
    IngestBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED,
        errors=[{"row": 0, "reason": ROLLED_BACK}],
        finished_at=timezone.now(),
        imported=0,
        duplicates=0,
        flagged=0,
        lease_expires_at=None,
    )
    audit_record(actor=actor, action="postings.batch_rolled_back", target=batch, summary=f"{removed} postings")
    _demand_follows()
    batch.refresh_from_db()
    return batch


class ChunkState:
    """What chunks of one source share: the near-duplicate index (keyed by posting pk), the linker and the
    skill-id map."""

    def __init__(self, *, index=None, linker=None, skill_pks=None):
        from .engines.dedupe import NearDuplicateIndex

        self.index = index or NearDuplicateIndex()
        self.linker = linker or _Linker()
        self.skill_pks = skill_pks if skill_pks is not None else dict(Skill.objects.values_list("skill_id", "pk"))

    @classmethod
    def for_source(cls, source: PostingSource, recent: int = 5000) -> ChunkState:
        """Seed the near-duplicate index with the source's most recent postings so re-uploads count once."""
        state = cls()
        for pk, title, company, text in (
            Posting.objects.filter(source=source, duplicate_of__isnull=True)
            .order_by("-id")
            .values_list("pk", "title", "company_name", "text")[:recent]
        ):
            state.index.add(pk, f"{title}\n{company}\n{text}")
        return state


def process_chunk(
    *, batch: IngestBatch, records, state: ChunkState, default_month=None, errors: list | None = None
) -> dict:
    """Analyse one chunk of (line, record) pairs and write its postings and skills atomically.

    A posting is a duplicate when its fingerprint matches a stored original, an earlier posting of the chunk,
    or when the near-duplicate index finds an earlier posting of the run; a duplicate is not analysed again
    and shows its original's occupation. Primary keys are reserved first (the index and the duplicate links
    use them), so every row is written once: COPY on PostgreSQL, one executemany elsewhere, no model objects.
    """
    errors = errors if errors is not None else []
    drafts = []
    skipped = 0
    for line, record in records:
        draft = pipeline.draft_from_record(line, record, default_month=default_month)
        if draft is None:
            skipped += 1
            errors.append({"row": line, "reason": "no title and no text"})
            continue
        drafts.append(draft)
    if not drafts:
        return {"imported": 0, "duplicates": 0, "flagged": 0, "skipped": skipped}
    fingerprints = {d.fingerprint for d in drafts}
    existing = dict(
        Posting.objects.filter(fingerprint__in=fingerprints, duplicate_of__isnull=True).values_list("fingerprint", "pk")
    )
    with transaction.atomic():
        pks = _reserve_posting_pks(len(drafts))
        dup_of: list[int | None] = []
        local_fp: dict[str, int] = {}
        occupation_of: dict[int, tuple[str, float]] = {}
        links = []
        skill_pks = state.skill_pks
        for draft, pk in zip(drafts, pks, strict=True):
            dup = existing.get(draft.fingerprint)
            if dup is None:
                dup = local_fp.get(draft.fingerprint)
            if dup is None:
                dup = state.index.add(pk, folded=draft.folded)
            dup_of.append(dup)
            if dup is not None:
                continue
            local_fp[draft.fingerprint] = pk
            pipeline.analyse(draft)
            occupation_of[pk] = (draft.occupation_code, draft.occupation_confidence)
            for hit in draft.skills:
                skill_pk = skill_pks.get(hit.skill_id)
                if skill_pk is not None and hit.end > hit.start >= 0:
                    links.append((pk, skill_pk, hit.start, hit.end, hit.strength or "", hit.field))
        earlier = {d for d in dup_of if d is not None and d not in occupation_of}
        if earlier:
            for pk, code, conf in Posting.objects.filter(pk__in=earlier).values_list(
                "pk", "occupation_code", "occupation_confidence"
            ):
                occupation_of[pk] = (code, conf)
        rows, duplicates, flagged = [], 0, 0
        to_row = _posting_row_builder(batch, state.linker)
        for draft, pk, dup in zip(drafts, pks, dup_of, strict=True):
            if dup is not None:
                duplicates += 1
                draft.occupation_code, draft.occupation_confidence = occupation_of.get(dup, ("", 0.0))
            if draft.salary_flag or draft.area_flag or draft.posted_flag:
                flagged += 1
            rows.append(to_row(draft, pk, dup))
        _insert_rows(Posting, _POSTING_COLUMNS, rows)
        _insert_rows(PostingSkill, ("posting_id", "skill_id", "start", "end", "strength", "field"), links)
    return {"imported": len(rows), "duplicates": duplicates, "flagged": flagged, "skipped": skipped}


def _reserve_posting_pks(count: int) -> list[int]:
    """Primary keys for ``count`` new postings, reserved inside the caller's transaction.

    PostgreSQL: from the table's sequence (no lock; concurrent workers get distinct keys). SQLite: take the
    write lock first (an empty UPDATE), then continue after the largest key, which is what SQLite would
    assign; other writers wait for the commit."""
    from django.db import connection

    table = connection.ops.quote_name(Posting._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Posting._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"UPDATE {table} SET id = id WHERE 1 = 0")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


_POSTING_COLUMNS = (
    "id",
    "source_id",
    "batch_id",
    "external_id",
    "title",
    "company_name",
    "text",
    "raw_salary",
    "raw_area",
    "raw_education",
    "raw_experience",
    "raw_posted",
    "salary_min",
    "salary_max",
    "salary_months",
    "salary_flag",
    "province",
    "city",
    "area_flag",
    "education_band",
    "experience_band",
    "occupation_code",
    "occupation_confidence",
    "industry",
    "fingerprint",
    "duplicate_of_id",
    "posted_month",
    "posted_flag",
    "enterprise_id",
    "region_id",
)


def _posting_row_builder(batch: IngestBatch, linker: _Linker):
    """draft -> a row of ``_POSTING_COLUMNS`` (the same values a ``Posting`` built field by field would save)."""
    from django.db import connection

    month = connection.ops.adapt_datefield_value
    source_id, batch_id = batch.source_id, batch.pk

    def row(draft, pk: int, dup: int | None) -> tuple:
        enterprise = linker.enterprise(draft.company_name)
        return (
            pk,
            source_id,
            batch_id,
            draft.external_id,
            draft.title,
            draft.company_name,
            draft.text,
            draft.raw_salary,
            draft.raw_area,
            draft.raw_education,
            draft.raw_experience,
            draft.raw_posted,
            draft.salary_min,
            draft.salary_max,
            draft.salary_months,
            draft.salary_flag,
            draft.province,
            draft.city,
            draft.area_flag,
            draft.education_band,
            draft.experience_band,
            draft.occupation_code,
            draft.occupation_confidence,
            (enterprise[1] if enterprise and enterprise[1] else draft.industry),
            draft.fingerprint,
            dup,
            month(draft.posted_month),
            draft.posted_flag,
            enterprise[0] if enterprise else None,
            linker.region(draft.province, draft.city),
        )

    return row


def _insert_rows(model, columns, rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany elsewhere: an ingest writes a posting and tens of skill spans per row,
    and model instances cost more than the extraction itself. Values are validated by the drafts and by the
    tables' check constraints."""
    if not rows:
        return
    from django.db import connection

    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    names = ", ".join(q(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        for i in range(0, len(rows), 5000):
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[i : i + 5000])


# ==================================================================================================
# Demand tables
# ==================================================================================================
def _salary_aggregates():
    has_salary = Q(salary_min__isnull=False, salary_max__isnull=False)
    return {
        "n": Count("id"),
        "ssum": Sum(F("salary_min") + F("salary_max"), filter=has_salary),
        "sn": Count("id", filter=has_salary),
    }


@transaction.atomic
def demand_recompute() -> int:
    """Rebuild every demand table from postings (counted once), survey answers and published association data."""
    rows: dict[tuple, DemandStat] = {}

    def add(dimension, key, month, kind, *, postings=0, headcount=0, ssum=0, sn=0, label="", source=""):
        if key in (None, ""):
            key = "-"
        for m in {month, None} if month else {None}:
            cell = rows.get((dimension, key, m, kind))
            if cell is None:
                cell = rows[(dimension, key, m, kind)] = DemandStat(
                    dimension=dimension, key=str(key)[:200], month=m, source_kind=kind, label=label[:200]
                )
            cell.postings += postings
            cell.headcount += headcount
            cell.salary_sum += int(ssum or 0) // 2
            cell.salary_n += sn or 0
            if source and source not in cell.sources.split("; ") and len(cell.sources) < 250:
                cell.sources = f"{cell.sources}; {source}" if cell.sources else source

    unique = Posting.objects.filter(duplicate_of__isnull=True)
    agg = _salary_aggregates()
    for r in _rows(unique.values("occupation_code", "posted_month").annotate(**agg)):
        add(
            Dimension.OCCUPATION,
            r["occupation_code"],
            r["posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    for r in _rows(unique.values("province", "city", "posted_month").annotate(**agg)):
        key = f"{r['province'] or '-'}/{r['city'] or '-'}"
        add(Dimension.REGION, key, r["posted_month"], SourceKind.POSTINGS, postings=r["n"], ssum=r["ssum"], sn=r["sn"])
    for r in _rows(unique.values("industry", "posted_month").annotate(**agg)):
        add(
            Dimension.INDUSTRY,
            r["industry"],
            r["posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    links = PostingSkill.objects.filter(posting__duplicate_of__isnull=True)
    has_salary = Q(posting__salary_min__isnull=False, posting__salary_max__isnull=False)
    for r in links.values("skill__skill_id", "posting__posted_month").annotate(
        n=Count("id"),
        ssum=Sum(F("posting__salary_min") + F("posting__salary_max"), filter=has_salary),
        sn=Count("id", filter=has_salary),
    ):
        add(
            Dimension.SKILL,
            r["skill__skill_id"],
            r["posting__posted_month"],
            SourceKind.POSTINGS,
            postings=r["n"],
            ssum=r["ssum"],
            sn=r["sn"],
        )
    for r in links.values("posting__occupation_code", "skill__skill_id").annotate(n=Count("id")):
        add(
            Dimension.OCCUPATION_SKILL,
            f"{r['posting__occupation_code'] or '-'}|{r['skill__skill_id']}",
            None,
            SourceKind.POSTINGS,
            postings=r["n"],
        )

    # Enterprise surveys: each answered post is a mention; its head count is the demand.
    for post in (
        SurveyPostDemand.objects.filter(response__survey__status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])
        .select_related("response__survey__school", "response")
        .prefetch_related("skills")
    ):
        survey = post.response.survey
        month = dt.date(survey.target_year, 1, 1)
        source = f"{survey.school.short_name or survey.school.name}: {survey.title}"
        add(
            Dimension.OCCUPATION,
            post.occupation_code,
            month,
            SourceKind.SURVEY,
            postings=1,
            headcount=post.headcount,
            source=source,
        )
        for skill in post.skills.all():
            add(
                Dimension.SKILL,
                skill.skill_id,
                month,
                SourceKind.SURVEY,
                postings=1,
                headcount=post.headcount,
                source=source,
            )
            add(
                Dimension.OCCUPATION_SKILL,
                f"{post.occupation_code or '-'}|{skill.skill_id}",
                None,
                SourceKind.SURVEY,
                headcount=post.headcount,
                source=source,
            )

    # Industry associations: published forecasts (head counts) and standards (skills per occupation).
    for forecast in HeadcountForecast.objects.filter(published=True).select_related("association"):
        source = f"{forecast.association.short_name or forecast.association.name}: {forecast.source_note}"
        month = dt.date(forecast.year, 1, 1)
        add(
            Dimension.OCCUPATION,
            forecast.occupation_code,
            month,
            SourceKind.ASSOCIATION,
            headcount=forecast.headcount,
            source=source,
        )
        if forecast.province:
            add(
                Dimension.REGION,
                f"{forecast.province}/-",
                month,
                SourceKind.ASSOCIATION,
                headcount=forecast.headcount,
                source=source,
            )
    for item in StandardSkill.objects.filter(standard__published=True).select_related("standard__association", "skill"):
        standard = item.standard
        source = f"{standard.association.short_name or standard.association.name}: {standard.title}"
        add(
            Dimension.OCCUPATION_SKILL,
            f"{standard.occupation_code}|{item.skill.skill_id}",
            None,
            SourceKind.ASSOCIATION,
            postings=item.importance,
            source=source,
        )
        add(Dimension.SKILL, item.skill.skill_id, None, SourceKind.ASSOCIATION, postings=item.importance, source=source)

    DemandStat.objects.all().delete()
    DemandStat.objects.bulk_create(rows.values(), batch_size=2000)
    return len(rows)


# ==================================================================================================
# Enterprise demand surveys
# ==================================================================================================
def _require_school_staff(actor: Actor, school_id: int) -> Actor:
    return require_org(actor, school_id, SCHOOL_STAFF)


@transaction.atomic
def survey_create(
    *, actor: Actor, title: str, target_year: int, intro: str = "", questions: list[dict] | None = None
) -> DemandSurvey:
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.TEACHER])
    survey = DemandSurvey(
        school_id=actor.organization_id,
        title=title.strip(),
        target_year=target_year,
        intro=intro,
        created_by=actor.user,
    )
    _clean(survey)
    survey.save()
    for position, q in enumerate(questions or [], start=1):
        survey_question_add(
            actor=actor,
            survey=survey,
            text=q.get("text", ""),
            kind=q.get("kind", "text"),
            choices=q.get("choices"),
            required=q.get("required", False),
            position=position,
        )
    audit_record(actor=actor, action="survey.create", target=survey, organization_id=survey.school_id)
    return survey


@transaction.atomic
def survey_question_add(
    *,
    actor: Actor,
    survey: DemandSurvey,
    text: str,
    kind: str = "text",
    choices: list | None = None,
    required: bool = False,
    position: int | None = None,
) -> SurveyQuestion:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    if survey.status != SurveyStatus.DRAFT:
        raise InvalidTransition(_("Questions can only change while the survey is a draft."))
    if kind not in QuestionKind.values:
        raise ValidationFailed(_("Unknown question kind %(k)s.") % {"k": kind}, errors={"kind": ["invalid"]})
    choices = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise ValidationFailed(_("A choice question needs at least two choices."), errors={"choices": ["at least two"]})
    if position is None:
        position = (survey.questions.count() or 0) + 1
    question = SurveyQuestion(
        survey=survey, position=position, kind=kind, text=text.strip(), choices=choices, required=required
    )
    _clean(question)
    question.save()
    return question


@transaction.atomic
def survey_invite(*, actor: Actor, survey: DemandSurvey, enterprises: list[Organization]) -> DemandSurvey:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    for enterprise in enterprises:
        if enterprise.kind != OrgKind.ENTERPRISE:
            raise ValidationFailed(_("%(o)s is not an enterprise.") % {"o": enterprise})
    survey.invited.add(*enterprises)
    audit_record(
        actor=actor,
        action="survey.invite",
        target=survey,
        organization_id=survey.school_id,
        data={"enterprises": [e.pk for e in enterprises]},
    )
    return survey


@transaction.atomic
def survey_set_status(*, actor: Actor, survey: DemandSurvey, status: str) -> DemandSurvey:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    allowed: dict[str, set[str]] = {
        SurveyStatus.DRAFT: {SurveyStatus.OPEN},
        SurveyStatus.OPEN: {SurveyStatus.CLOSED},
        SurveyStatus.CLOSED: {SurveyStatus.OPEN},
    }
    if status not in allowed.get(survey.status, set()):
        raise InvalidTransition(_("A %(a)s survey cannot become %(b)s.") % {"a": survey.status, "b": status})
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    if status == SurveyStatus.OPEN:
        recipients = Membership.objects.filter(
            organization__in=survey.invited.all(), role=Role.ENTERPRISE_ADMIN, is_active=True
        ).select_related("user")
        for m in recipients:
            notification_send(
                recipient=m.user,
                kind="labour_market.survey",
                title=f"{survey.school}: {survey.title}",
                link=f"/labour-market/surveys/{survey.pk}/answer/",
            )
    audit_record(actor=actor, action=f"survey.{status}", target=survey, organization_id=survey.school_id)
    transaction.on_commit(demand_recompute)
    return survey


def survey_submit(
    *, actor: Actor, survey: DemandSurvey, posts: list[dict], answers: dict | None = None
) -> SurveyResponse:
    """An enterprise answers: the posts it needs next year (title, head count, skills) and the extra questions."""
    actor = require_role(as_actor(actor), [Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR])
    if survey.status != SurveyStatus.OPEN:
        raise InvalidTransition(_("This survey is not open."))
    if not survey.invited.filter(pk=actor.organization_id).exists():
        raise PermissionDenied(_("Your enterprise was not invited to this survey."))
    errors: dict[str, list[str]] = {}
    clean_posts = []
    for i, post in enumerate(posts, start=1):
        title = (post.get("title") or "").strip()
        if not title:
            continue
        try:
            headcount = int(post.get("headcount") or 0)
        except (TypeError, ValueError):
            headcount = 0
        if headcount < 1:
            errors[f"posts.{i}.headcount"] = ["Enter a head count of at least 1."]
        clean_posts.append((title[:120], headcount, (post.get("skills") or "").strip()))
    if not clean_posts:
        errors["posts"] = ["Name at least one post."]
    answers = answers or {}
    clean_answers = {}
    for q in survey.questions.all():
        value = str(answers.get(str(q.position), answers.get(q.position, "")) or "").strip()
        if q.required and not value:
            errors[f"q{q.position}"] = ["This question needs an answer."]
        if value and q.kind == QuestionKind.NUMBER:
            try:
                float(value)
            except ValueError:
                errors[f"q{q.position}"] = ["Enter a number."]
        if value and q.kind == QuestionKind.CHOICE and value not in q.choices:
            errors[f"q{q.position}"] = ["Pick one of the choices."]
        clean_answers[str(q.position)] = value
    if errors:
        raise ValidationFailed(_("Some answers need attention."), errors=errors)
    extractor, coder = pipeline._engines()
    ensure_reference_data()
    skill_pks = dict(Skill.objects.values_list("skill_id", "pk"))
    with transaction.atomic():
        response, _created = SurveyResponse.objects.update_or_create(
            survey=survey,
            enterprise_id=actor.organization_id,
            defaults={"submitted_by": actor.user, "answers": clean_answers},
        )
        response.posts.all().delete()
        for title, headcount, skills_text in clean_posts:
            code = coder.code(title)
            demand = SurveyPostDemand.objects.create(
                response=response,
                title=title,
                headcount=headcount,
                skills_text=skills_text,
                occupation_code=(code.code if code and code.code else ""),
                occupation_confidence=float(code.confidence) if code else 0,
            )
            found = {m.skill_id for m in extractor.extract(f"{title}\n{skills_text}")}
            demand.skills.set([skill_pks[s] for s in found if s in skill_pks])
        audit_record(actor=actor, action="survey.answer", target=response, organization_id=actor.organization_id)
        transaction.on_commit(demand_recompute)
    return response


# ==================================================================================================
# Industry associations
# ==================================================================================================
def _require_association(actor: Actor) -> Actor:
    return require_role(as_actor(actor), [Role.ASSOCIATION_OFFICER])


@transaction.atomic
def standard_publish(
    *,
    actor: Actor,
    title: str,
    sector: str,
    occupation_code: str,
    year: int,
    source_note: str,
    skills: list[tuple[str, int]],
    publish: bool = True,
) -> SkillStandard:
    """skills: [(skill id or name, importance 1-5)]. Unknown skills are an error naming them."""
    actor = _require_association(actor)
    if not source_note.strip():
        raise ValidationFailed(_("Say where the standard comes from."), errors={"source_note": ["required"]})
    resolved, unknown = [], []
    for ref, importance in skills:
        skill = Skill.objects.filter(Q(skill_id=ref) | Q(name_zh=ref) | Q(name_en__iexact=ref)).first()
        if skill is None:
            unknown.append(ref)
        else:
            resolved.append((skill, importance))
    if unknown:
        raise ValidationFailed(_("Unknown skill(s): %(s)s.") % {"s": ", ".join(unknown)}, errors={"skills": unknown})
    standard = SkillStandard(
        association_id=actor.organization_id,
        title=title,
        sector=sector,
        occupation_code=occupation_code,
        year=year,
        source_note=source_note,
        published=publish,
    )
    _clean(standard)
    standard.save()
    for skill, importance in resolved:
        item = StandardSkill(standard=standard, skill=skill, importance=importance)
        _clean(item)
        item.save()
    audit_record(actor=actor, action="association.standard", target=standard, organization_id=actor.organization_id)
    transaction.on_commit(demand_recompute)
    return standard


@transaction.atomic
def forecast_publish(
    *,
    actor: Actor,
    sector: str,
    occupation_code: str,
    year: int,
    headcount: int,
    source_note: str,
    province: str = "",
    publish: bool = True,
) -> HeadcountForecast:
    actor = _require_association(actor)
    if not source_note.strip():
        raise ValidationFailed(_("Say where the forecast comes from."), errors={"source_note": ["required"]})
    forecast = HeadcountForecast(
        association_id=actor.organization_id,
        sector=sector,
        occupation_code=occupation_code,
        year=year,
        headcount=headcount,
        province=province,
        source_note=source_note,
        published=publish,
    )
    _clean(forecast)
    forecast.save()
    audit_record(actor=actor, action="association.forecast", target=forecast, organization_id=actor.organization_id)
    transaction.on_commit(demand_recompute)
    return forecast


# ==================================================================================================
# Graduate destinations
# ==================================================================================================
DESTINATION_WORDS = {
    "employed": Destination.EMPLOYED,
    "就业": Destination.EMPLOYED,
    "签约就业": Destination.EMPLOYED,
    "受雇": Destination.EMPLOYED,
    "further_study": Destination.FURTHER_STUDY,
    "further study": Destination.FURTHER_STUDY,
    "升学": Destination.FURTHER_STUDY,
    "专升本": Destination.FURTHER_STUDY,
    "enlisted": Destination.ENLISTED,
    "参军": Destination.ENLISTED,
    "入伍": Destination.ENLISTED,
    "self_employed": Destination.SELF_EMPLOYED,
    "self-employed": Destination.SELF_EMPLOYED,
    "自主创业": Destination.SELF_EMPLOYED,
    "创业": Destination.SELF_EMPLOYED,
    "灵活就业": Destination.SELF_EMPLOYED,
    "not_placed": Destination.NOT_PLACED,
    "not placed": Destination.NOT_PLACED,
    "未就业": Destination.NOT_PLACED,
    "待就业": Destination.NOT_PLACED,
    "未落实": Destination.NOT_PLACED,
}
RELEVANCE_WORDS = {
    "high": Relevance.HIGH,
    "相关": Relevance.HIGH,
    "对口": Relevance.HIGH,
    "专业对口": Relevance.HIGH,
    "高": Relevance.HIGH,
    "some": Relevance.SOME,
    "部分相关": Relevance.SOME,
    "一般": Relevance.SOME,
    "中": Relevance.SOME,
    "none": Relevance.NONE,
    "不相关": Relevance.NONE,
    "无关": Relevance.NONE,
    "低": Relevance.NONE,
}
YES = {"是", "yes", "y", "true", "1", "留用"}
NO = {"否", "no", "n", "false", "0"}


def destination_record(
    *,
    actor: Actor,
    existing: GraduateDestination | None,
    major: Major,
    student: Student | None,
    student_number: str,
    graduation_year: int,
    destination: str,
    employer_name: str = "",
    employer_id: int | None = None,
    occupation_code: str = "",
    starting_salary: int | None = None,
    relevance: str = "",
    hired_by_host: bool | None = None,
) -> GraduateDestination:
    """One graduate's destination as the school's records give it (the destinations importer's row)."""
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN])
    item = existing or GraduateDestination(
        school_id=actor.organization_id, student_number=student_number, graduation_year=graduation_year
    )
    if item.school_id != actor.organization_id:
        raise PermissionDenied(_("Only your school's records can be imported."))
    item.major, item.student = major, student
    item.destination, item.employer_name, item.employer_id = destination, employer_name[:200], employer_id
    item.occupation_code, item.starting_salary = occupation_code[:12], starting_salary
    item.relevance, item.hired_by_host, item.source = relevance or "", hired_by_host, DestinationSource.IMPORT
    _clean(item)
    item.save()
    return item


def destinations_import(*, actor: Actor, data: bytes, filename: str = "destinations.xlsx") -> int:
    """Import a sheet of destinations for the actor's school through the import framework (the destinations
    importer): every row is checked; any problem rejects the whole file. Returns the rows written."""
    from workbridge.core import importing
    from workbridge.core.debounce import queue_once

    from . import tasks

    plan = importing.import_file(actor=actor, kind="destinations", data=data, filename=filename)
    # The school's warnings read its destinations: judged again once the import commits (one run per minute).
    school_id = as_actor(actor).organization_id
    queue_once(tasks.warnings_recompute, key=f"school-{school_id}", school_id=school_id)
    return plan.creates + plan.updates


def graduation_year_of(student: Student) -> int | None:
    if student.cohort_id is None:
        return None
    return student.cohort.intake_year + student.major.duration_years


def followups_send(*, today: dt.date | None = None) -> int:
    """Six months after graduation (1 July of the final year) ask each graduate without a record where they went."""
    today = today or timezone.localdate()
    sent = 0
    candidates = Student.objects.filter(
        enrolment_status="graduated", cohort__isnull=False, user__isnull=False
    ).select_related("cohort", "major", "user")
    for student in candidates.iterator():
        year = graduation_year_of(student)
        if year is None or today < dt.date(year + 1, 1, 1) or today > dt.date(year + 2, 7, 1):
            continue
        if GraduateDestination.objects.filter(
            school_id=student.school_id, student_number=student.student_number, graduation_year=year
        ).exists():
            continue
        with transaction.atomic():
            followup, created = DestinationFollowUp.objects.get_or_create(
                student=student, graduation_year=year, defaults={"school_id": student.school_id}
            )
            if not created:
                continue
            notification_send(
                recipient=student.user,
                kind="labour_market.followup",
                title="毕业去向跟踪调查 / Where are you now?",
                body="Six months after graduation, please tell your school where you went.",
                link=f"/labour-market/followup/{followup.pk}/",
            )
        sent += 1
    return sent


@transaction.atomic
def followup_answer(
    *,
    actor: Actor,
    followup: DestinationFollowUp,
    destination: str,
    employer: str = "",
    starting_salary: int | None = None,
    relevance: str = "",
    hired_by_host: bool | None = None,
) -> GraduateDestination:
    actor = as_actor(actor)
    if actor.student_id != followup.student_id and not actor.is_platform_admin:
        raise PermissionDenied(_("This survey is addressed to another graduate."))
    if followup.status == FollowUpStatus.ANSWERED:
        raise Conflict(_("This survey has been answered already."))
    student = followup.student
    record = GraduateDestination(
        school_id=student.school_id,
        major_id=student.major_id,
        student=student,
        student_number=student.student_number,
        graduation_year=followup.graduation_year,
        destination=destination,
        employer_name=employer.strip()[:200],
        starting_salary=starting_salary,
        relevance=relevance,
        hired_by_host=hired_by_host,
        source=DestinationSource.SURVEY,
    )
    _clean(record, exclude=["school", "major"])
    record.save()
    followup.status = FollowUpStatus.ANSWERED
    followup.answered_at = timezone.now()
    followup.save(update_fields=["status", "answered_at", "updated_at"])
    return record


# ==================================================================================================
# Curriculum: target occupations and course skill tags
# ==================================================================================================
@transaction.atomic
def target_occupation_set(
    *, actor: Actor, major: Major, occupation_code: str, weight: int = 1
) -> MajorTargetOccupation:
    actor = require_org(as_actor(actor), major.school_id, SCHOOL_STAFF)
    occupation_code = occupation_code.strip()
    if Occupation.objects.exists() and not Occupation.objects.filter(code=occupation_code).exists():
        raise ValidationFailed(
            _("Unknown occupation code %(c)s.") % {"c": occupation_code}, errors={"occupation_code": ["unknown"]}
        )
    target, _created = MajorTargetOccupation.objects.update_or_create(
        major=major, occupation_code=occupation_code, defaults={"weight": weight}
    )
    _clean(target)
    audit_record(
        actor=actor,
        action="curriculum.target",
        target=major,
        organization_id=major.school_id,
        data={"code": occupation_code, "weight": weight},
    )
    return target


@transaction.atomic
def target_occupation_remove(*, actor: Actor, target: MajorTargetOccupation) -> None:
    require_org(as_actor(actor), target.major.school_id, SCHOOL_STAFF)
    target.delete()


@transaction.atomic
def course_skills_suggest(*, actor: Actor, course: Course) -> list[CourseSkill]:
    """Run the extractor over the course's name and learning outcomes; new skills become suggestions."""
    actor = require_org(as_actor(actor), course.school_id, SCHOOL_STAFF)
    ensure_reference_data()
    extractor, _coder = pipeline._engines()
    text = f"{course.name}\n{course.learning_outcomes}"
    skills = {s.skill_id: s for s in Skill.objects.filter(skill_id__in={m.skill_id for m in extractor.extract(text)})}
    made = []
    for match in extractor.extract(text):
        skill = skills.get(match.skill_id)
        if skill is None:
            continue
        tag, created = CourseSkill.objects.get_or_create(
            course=course, skill=skill, defaults={"evidence": text[match.start : match.end][:200]}
        )
        if created:
            made.append(tag)
    return made


@transaction.atomic
def course_skill_decide(*, actor: Actor, tag: CourseSkill, status: str) -> CourseSkill:
    actor = require_org(as_actor(actor), tag.course.school_id, SCHOOL_STAFF)
    if status not in (TagStatus.CONFIRMED, TagStatus.REJECTED, TagStatus.SUGGESTED):
        raise ValidationFailed(_("Unknown status."))
    tag.status = status
    tag.decided_by = actor.user
    tag.save(update_fields=["status", "decided_by", "updated_at"])
    return tag


@transaction.atomic
def course_skill_add(*, actor: Actor, course: Course, skill: Skill) -> CourseSkill:
    actor = require_org(as_actor(actor), course.school_id, SCHOOL_STAFF)
    tag, _created = CourseSkill.objects.update_or_create(
        course=course, skill=skill, defaults={"status": TagStatus.CONFIRMED, "decided_by": actor.user}
    )
    return tag


# ==================================================================================================
# Joint talent-training programmes
# ==================================================================================================
PROGRAMME_SECTIONS = ("target_posts", "competencies", "courses", "certificates")


def programme_validate(content: dict) -> dict:
    """Normalise the content; the practice share is computed from the course plan's practice hours."""
    if not isinstance(content, dict):
        raise ValidationFailed(_("The programme must be an object."))
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {"target_posts": [], "competencies": [], "courses": [], "certificates": []}
    for key in ("target_posts", "competencies", "certificates"):
        items = content.get(key) or []
        if isinstance(items, str):
            items = items.splitlines()
        clean[key] = [str(i).strip()[:300] for i in items if str(i).strip()]
    for i, course in enumerate(content.get("courses") or [], start=1):
        name = str(course.get("name", "")).strip()
        try:
            semester = int(course.get("semester", 0))
            hours = int(course.get("hours", 0))
            practice = int(course.get("practice_hours", 0))
        except (TypeError, ValueError):
            errors[f"courses.{i}"] = ["Semester and hours must be whole numbers."]
            continue
        if not name:
            errors[f"courses.{i}.name"] = ["Name the course."]
        if not 1 <= semester <= 12:
            errors[f"courses.{i}.semester"] = ["Semester 1 to 12."]
        if hours < 1 or practice < 0 or practice > hours:
            errors[f"courses.{i}.hours"] = ["Hours at least 1; practice hours between 0 and the hours."]
        clean["courses"].append({"name": name[:120], "semester": semester, "hours": hours, "practice_hours": practice})
    if not clean["target_posts"]:
        errors["target_posts"] = ["Name at least one target post."]
    if errors:
        raise ValidationFailed(_("The programme needs corrections."), errors=errors)
    clean["courses"].sort(key=lambda c: (c["semester"], c["name"]))
    total = sum(c["hours"] for c in clean["courses"])
    clean["practice_share"] = round(sum(c["practice_hours"] for c in clean["courses"]) / total, 3) if total else 0.0
    return clean


def programme_lines(content: dict) -> list[tuple[str, str, str]]:
    """(line key, section, text): what reviewers comment on, line by line; keys are stable across versions."""
    lines = []
    for key in ("target_posts", "competencies", "certificates"):
        for item in content.get(key, []):
            lines.append((f"{key}:{item}", key, item))
    for c in content.get("courses", []):
        lines.append(
            (
                f"courses:{c['name']}",
                "courses",
                f"S{c['semester']} · {c['name']} · {c['hours']}h ({c['practice_hours']}h practice)",
            )
        )
    lines.append(("practice_share", "practice_share", f"{content.get('practice_share', 0):.0%}"))
    return [(k[:40], s, t) for k, s, t in lines]


def _diff(old: dict | None, new: dict) -> list[dict]:
    before = {k: t for k, _s, t in programme_lines(old)} if old else {}
    after = {k: t for k, _s, t in programme_lines(new)}
    changes = []
    for key, text in after.items():
        if key not in before:
            changes.append({"line": key, "change": "added", "to": text})
        elif before[key] != text:
            changes.append({"line": key, "change": "changed", "from": before[key], "to": text})
    changes.extend({"line": key, "change": "removed", "from": text} for key, text in before.items() if key not in after)
    return changes


@transaction.atomic
def programme_starting_content(major: Major, *, title: str = "") -> dict:
    """A first draft drawn from the major: its target occupations as target posts (or the title when it has none)
    and its courses with their practice share, so reviewers comment on something concrete."""
    from .selectors import occupation_names

    targets = list(major.target_occupations.all())
    names = occupation_names([t.occupation_code for t in targets])
    return {
        "target_posts": [f"{t.occupation_code} {names.get(t.occupation_code, '')}".strip() for t in targets] or [title],
        "competencies": [],
        "certificates": [],
        "courses": [
            {
                "name": c.name,
                "semester": c.semester,
                "hours": c.hours,
                "practice_hours": c.hours // 2
                if c.course_type == "practice"
                else (c.hours // 3 if c.course_type == "mixed" else 0),
            }
            for c in major.courses.all()
        ],
    }


def programme_create(*, actor: Actor, major: Major, cohort_year: int, title: str, content: dict) -> TrainingProgramme:
    actor = require_org(as_actor(actor), major.school_id, SCHOOL_STAFF)
    if TrainingProgramme.objects.filter(major=major, cohort_year=cohort_year).exists():
        raise Conflict(_("This major already has a programme for that intake year."))
    clean = programme_validate(content)
    programme = TrainingProgramme(school_id=major.school_id, major=major, cohort_year=cohort_year, title=title.strip())
    _clean(programme)
    programme.save()
    ProgrammeVersion.objects.create(
        programme=programme,
        number=1,
        content=clean,
        author=actor.user,
        summary="first draft",
        changes=_diff(None, clean),
    )
    audit_record(actor=actor, action="programme.create", target=programme, organization_id=major.school_id)
    return programme


@transaction.atomic
def programme_revise(
    *, actor: Actor, programme: TrainingProgramme, content: dict, summary: str = ""
) -> ProgrammeVersion:
    actor = require_org(as_actor(actor), programme.school_id, SCHOOL_STAFF)
    programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
    current = programme.current
    clean = programme_validate(content)
    changes = _diff(current.content if current else None, clean)
    if not changes:
        raise Conflict(_("Nothing changed."))
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=(current.number + 1 if current else 1),
        content=clean,
        author=actor.user,
        summary=summary[:300],
        changes=changes,
    )
    if programme.status == ProgrammeStatus.APPROVED:
        programme.status = ProgrammeStatus.REVIEW
        programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="programme.revise",
        target=programme,
        organization_id=programme.school_id,
        data={"version": version.number, "changes": len(changes)},
    )
    return version


@transaction.atomic
def programme_invite(*, actor: Actor, programme: TrainingProgramme, user) -> ProgrammeReviewer:
    actor = require_org(as_actor(actor), programme.school_id, SCHOOL_STAFF)
    membership = (
        Membership.objects.filter(
            user=user, is_active=True, organization__kind__in=[OrgKind.ENTERPRISE, OrgKind.ASSOCIATION]
        )
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise ValidationFailed(_("Reviewers are enterprise or industry-association experts on the platform."))
    reviewer, created = ProgrammeReviewer.objects.get_or_create(
        programme=programme, user=user, defaults={"organization": membership.organization}
    )
    # A new reviewer has not signed yet: a signed-off programme is back in review until they do.
    if programme.status == ProgrammeStatus.DRAFT or (created and programme.status == ProgrammeStatus.APPROVED):
        programme.status = ProgrammeStatus.REVIEW
        programme.save(update_fields=["status", "updated_at"])
    notification_send(
        recipient=user,
        kind="labour_market.programme",
        title=_("%(t)s: you are invited to review it") % {"t": programme.title},
        link=f"/labour-market/programmes/{programme.pk}/",
    )
    audit_record(
        actor=actor,
        action="programme.invite",
        target=programme,
        organization_id=programme.school_id,
        data={"reviewer": user.pk},
    )
    return reviewer


def _reviewer_or_staff(actor: Actor, programme: TrainingProgramme):
    if actor.is_platform_admin or (actor.organization_id == programme.school_id and actor.role in SCHOOL_STAFF):
        return None
    reviewer = ProgrammeReviewer.objects.filter(programme=programme, user=actor.user).first()
    if reviewer is None:
        raise PermissionDenied(_("Only invited reviewers and the school comment on this programme."))
    return reviewer


@transaction.atomic
def programme_comment(*, actor: Actor, version: ProgrammeVersion, line_key: str, text: str) -> ProgrammeComment:
    actor = as_actor(actor)
    _reviewer_or_staff(actor, version.programme)
    if not text.strip():
        raise ValidationFailed(_("Write a comment."), errors={"text": [_("Required.")]})
    keys = {k for k, _s, _t in programme_lines(version.content)} | {"general"}
    if line_key not in keys:
        raise ValidationFailed(_("That line is not in this version."), errors={"line_key": [_("Not in this version.")]})
    comment = ProgrammeComment.objects.create(
        version=version, line_key=line_key, author=actor.user, organization_id=actor.organization_id, text=text.strip()
    )
    return comment


@transaction.atomic
def programme_sign(*, actor: Actor, programme: TrainingProgramme) -> ProgrammeReviewer:
    actor = as_actor(actor)
    reviewer = _reviewer_or_staff(actor, programme)
    if reviewer is None:
        raise PermissionDenied(_("Only invited reviewers sign off."))
    current = programme.current
    reviewer.signed_version = current.number
    reviewer.signed_at = timezone.now()
    reviewer.save(update_fields=["signed_version", "signed_at", "updated_at"])
    if not programme.reviewers.exclude(signed_version=current.number).exists():
        programme.status = ProgrammeStatus.APPROVED
        programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="programme.sign",
        target=programme,
        organization_id=programme.school_id,
        data={"version": current.number},
    )
    return reviewer


# ==================================================================================================
# Early warning
# ==================================================================================================
@transaction.atomic
def warning_rules_load(*, path: Path = RULES_FILE, overwrite: bool = False) -> int:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for s in data["settings"]:
        sources = {
            "citation": s["note"][:300],
            "source_zh": s["source"]["zh"][:300],
            "source_en": s["source"]["en"][:300],
        }
        if overwrite or not WarningSetting.objects.filter(key=s["key"]).exists():
            WarningSetting.objects.update_or_create(key=s["key"], defaults={"value": s["value"], **sources})
        else:  # keep edited values; the wording of the sources follows the file
            WarningSetting.objects.filter(key=s["key"]).update(**sources)
    for r in data["rules"]:
        sources = {
            "citation": r["note"][:300],
            "source_zh": r["source"]["zh"][:300],
            "source_en": r["source"]["en"][:300],
            "unit": r.get("unit") or "",
        }
        if not overwrite and WarningRule.objects.filter(key=r["key"]).exists():
            WarningRule.objects.filter(key=r["key"]).update(**sources)
        if overwrite or not WarningRule.objects.filter(key=r["key"]).exists():
            WarningRule.objects.update_or_create(
                key=r["key"],
                defaults={
                    "label": r["label"],
                    "label_zh": r.get("label_zh", ""),
                    "threshold": r["threshold"],
                    "yellow_threshold": r.get("yellow_threshold"),
                    "direction": r["direction"],
                    "weight": r.get("weight", 1),
                    "consecutive_years": r.get("consecutive_years", 1),
                    "mandatory": r.get("mandatory", False),
                    "version": data["version"],
                    **sources,
                },
            )
    return WarningRule.objects.count()


def active_rules() -> tuple[list[warning_engine.Rule], float]:
    if not WarningRule.objects.exists():
        warning_rules_load()
    rules = [
        warning_engine.Rule(
            key=r.key,
            threshold=r.threshold,
            direction=r.direction,
            yellow_threshold=r.yellow_threshold,
            weight=r.weight,
            consecutive_years=r.consecutive_years,
            mandatory=r.mandatory,
        )
        for r in WarningRule.objects.filter(enabled=True)
    ]
    red = WarningSetting.objects.filter(key="red_weight").values_list("value", flat=True).first() or 2.0
    return rules, red


@transaction.atomic
def warning_rule_update(
    *, actor: Actor, rule: WarningRule, threshold: float, yellow_threshold: float | None, weight: float, enabled: bool
) -> WarningRule:
    actor = require_role(as_actor(actor), [Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER])
    rule.threshold, rule.yellow_threshold, rule.weight, rule.enabled = threshold, yellow_threshold, weight, enabled
    _clean(rule)
    rule.save()
    audit_record(
        actor=actor,
        action="warning.rule",
        target=rule,
        data={"threshold": threshold, "weight": weight, "enabled": enabled},
    )
    return rule


def warnings_recompute(*, majors=None, year: int | None = None) -> int:
    from .selectors import major_indicator_history

    rules, red = active_rules()
    year = year or timezone.localdate().year - 1
    majors = majors if majors is not None else Major.objects.all()
    count = 0
    for major in majors:
        history = major_indicator_history(major)
        verdict = warning_engine.evaluate(history, year, rules, red_weight=red)
        MajorWarning.objects.update_or_create(
            major=major,
            year=year,
            defaults={
                "level": verdict.level,
                "reasons": [
                    {
                        "key": f.key,
                        "status": f.status,
                        "value": f.value,
                        "threshold": f.threshold,
                        "years": list(f.years),
                    }
                    for f in verdict.findings
                ],
                "indicators": {k: {str(y): v for y, v in series.items()} for k, series in history.items()},
            },
        )
        count += 1
    return count
