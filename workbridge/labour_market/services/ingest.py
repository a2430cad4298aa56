"""Ingest: posting files previewed, imported in resumable chunks, recovered or rolled back."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor
from workbridge.core.exceptions import (
    Conflict,
    ImportFailed,
    NotFound,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind
from workbridge.core.services import audit_record
from workbridge.organizations.engines.names import normalize_name
from workbridge.organizations.models import Organization, Region

from .. import tabular
from ..engines import pipeline
from ..models import (
    BatchStatus,
    IngestBatch,
    Posting,
    PostingSkill,
    PostingSource,
    Skill,
    SourceKind,
)
from ..permissions import require_ingest
from .reference import ensure_reference_data

log = logging.getLogger(__name__)

CHUNK_SIZE = 2000
ROLLED_BACK = "rolled back"  # the reason recorded on a rolled-back batch; shown to users in words by batch_problems


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
                "The file %(name)s is %(size)s MB; postings files may be"
                " at most %(limit)s MB. Split it and upload the parts."
            )
            % {"name": name, "size": round(len(data) / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
        )
    preview = postings_preview(data=data, file_name=name, fmt=fmt, mapping=mapping)
    max_rows = getattr(settings, "POSTINGS_INGEST_MAX_ROWS", 200_000)
    if preview["rows"] > max_rows:
        raise ImportFailed(
            _(
                "The file %(name)s has %(rows)s rows; a postings file may"
                " have at most %(limit)s rows. Split it and upload the parts."
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
    from .. import tasks

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


def _demand_follows() -> None:
    """Demand tables and the majors' early warnings (whose demand trend counts postings) follow a change of
    postings: queued for a worker once the change commits, one run each per minute however many files arrive
    (core.debounce); inline when there is no broker."""
    from workbridge.core.debounce import queue_once

    from .. import tasks

    queue_once(tasks.demand_recompute, key="all")
    queue_once(tasks.warnings_recompute, key="postings")


def batch_rollback_rows(batch_id: int) -> int:
    return Posting.objects.filter(batch_id=batch_id).delete()[0]


def ingest_recover(*, now: dt.datetime | None = None) -> list[int]:
    """Resume every running batch whose worker died (its lease ran out). Returns the resumed batch ids."""
    from .. import tasks

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
    from .. import tasks

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


def bands_rebuild() -> int:
    """Refill an empty bucket table from the originals' stored signatures, oldest first (the first posting holds a
    bucket). On PostgreSQL the table is unlogged, so a server crash empties it; returns the postings indexed."""
    import numpy as np

    from ..models import PostingBand

    if PostingBand.objects.exists() or not Posting.objects.filter(near_dup_signature__isnull=False).exists():
        return 0
    index = _hasher_and_keys()
    done = 0
    with transaction.atomic():
        batch_pks: list[int] = []
        batch_sigs: list[np.ndarray] = []

        def flush():
            # a key met twice goes to the lower pk (the insert runs in key, pk order; later ones conflict)
            keys = index.band_keys_many(np.stack(batch_sigs)).tolist()
            _band_insert([(key, pk) for pk, row_keys in zip(batch_pks, keys, strict=True) for key in row_keys])
            batch_pks.clear()
            batch_sigs.clear()

        for pk, raw in (
            Posting.objects.filter(duplicate_of__isnull=True, near_dup_signature__isnull=False)
            .order_by("id")
            .values_list("pk", "near_dup_signature")
            .iterator(chunk_size=20000)
        ):
            batch_pks.append(pk)
            batch_sigs.append(np.frombuffer(bytes(raw), dtype="<u4"))
            done += 1
            if len(batch_pks) == 20000:
                flush()
        if batch_pks:
            flush()
    log.warning("near-duplicate index rebuilt from %s postings' signatures", done)
    return done


class ChunkState:
    """What one worker's chunks share: the linker and the skill-id map. The near-duplicate index is not here: it
    is the ``PostingBand`` table, shared by every worker (see ``process_chunk``)."""

    def __init__(self, *, linker=None, skill_pks=None):
        self.linker = linker or _Linker()
        self.skill_pks = skill_pks if skill_pks is not None else dict(Skill.objects.values_list("skill_id", "pk"))

    @classmethod
    def for_source(cls, source: PostingSource, recent: int = 5000) -> ChunkState:
        """The state for a batch of ``source``; the source's most recent originals stored before the shared index
        existed (no signature) are indexed first, so a re-upload of them still counts once."""
        state = cls()
        bands_rebuild()
        bands_backfill(source=source, recent=recent)
        return state


def _index():
    """An empty in-memory index with the shared index's parameters (threshold, permutations, bands, seed)."""
    from ..engines.dedupe import NearDuplicateIndex

    return NearDuplicateIndex()


_HASHER = None


def _hasher_and_keys():
    global _HASHER
    if _HASHER is None:
        _HASHER = _index()
    return _HASHER


def _signature_bytes(sig) -> bytes:
    return sig.astype("<u4", copy=False).tobytes()


def bands_backfill(*, source: PostingSource, recent: int = 5000) -> int:
    """Sign and index the source's ``recent`` latest originals that have no signature yet (postings stored before
    the shared index); returns how many. Oldest first, so the first posting keeps a bucket as it would have."""
    import numpy as np

    # the latest originals first, then the few without a signature (filtering on the signature in the query
    # could scan every posting of a large source)
    unsigned = [
        pk
        for pk, sig in Posting.objects.filter(source=source, duplicate_of__isnull=True)
        .order_by("-id")
        .values_list("pk", "near_dup_signature")[:recent]
        if sig is None
    ]
    if not unsigned:
        return 0
    rows = list(
        Posting.objects.filter(pk__in=unsigned).order_by("-id").values_list("pk", "title", "company_name", "text")
    )
    from ..engines.dedupe import fold_text

    rows.reverse()
    index = _hasher_and_keys()
    sigs = np.stack([index.hasher.signature_of_folded(fold_text(f"{t}\n{c}\n{x}")) for _pk, t, c, x in rows])
    keys = index.band_keys_many(sigs).tolist()
    with transaction.atomic():
        for (pk, *_rest), sig in zip(rows, sigs, strict=True):
            Posting.objects.filter(pk=pk).update(near_dup_signature=_signature_bytes(sig))
        claims, seen = [], set()
        for (pk, *_rest), row_keys in zip(rows, keys, strict=True):
            for key in row_keys:
                if key not in seen:
                    seen.add(key)
                    claims.append((key, pk))
        _band_insert(claims)
    return len(rows)


class _Chunk:
    """One chunk's drafts and what the near-duplicate decision needs about them.

    Drafts whose fingerprint matches a stored original, or repeats an earlier draft's fingerprint, share one
    signature per distinct fingerprint (same fingerprint, same folded text). Before the chunk's primary keys
    are reserved, a draft is named by ``-(i + 1)`` in the index and in ``dup_of``; stored postings by their pk.
    """

    def __init__(self, drafts: list):
        import numpy as np

        self.drafts = drafts
        fingerprints = {d.fingerprint for d in drafts}
        # by fingerprint alone (duplicates filtered here): "duplicate_of IS NULL" in the query can lead the planner
        # to read every original through the duplicate_of index
        with _index_scans():
            self.existing = {
                fp: pk
                for fp, pk, dup in Posting.objects.filter(fingerprint__in=fingerprints).values_list(
                    "fingerprint", "pk", "duplicate_of_id"
                )
                if dup is None
            }
        index = _hasher_and_keys()
        self.row_of: list[int | None] = []  # draft -> row of sigs/keys (None: a stored original's fingerprint)
        first: dict[str, int] = {}
        folded: list[str] = []
        for d in drafts:
            if d.fingerprint in self.existing:
                self.row_of.append(None)
                continue
            row = first.get(d.fingerprint)
            if row is None:
                row = first[d.fingerprint] = len(folded)
                folded.append(d.folded)
            self.row_of.append(row)
        if folded:
            self.sigs = np.stack([index.hasher.signature_of_folded(f) for f in folded])
            self.keys = index.band_keys_many(self.sigs).tolist()
        else:
            self.sigs, self.keys = np.zeros((0, index.num_perm), dtype=np.uint32), []
        self.all_keys = sorted({k for row in self.keys for k in row})
        self.dup_of: list[int | None] = []
        self.holders: dict[int, int] = {}  # bucket key -> stored original holding it (alive)
        self.dead: dict[int, int] = {}  # bucket key -> holder that no longer exists (rolled back)

    def look_up(self, own: frozenset[int] = frozenset()) -> None:
        """Read the shared index for every bucket of the chunk, then decide each draft in order, exactly as one
        in-memory ``NearDuplicateIndex`` that had seen every stored original would. Buckets held by ``own`` (this
        chunk's reserved keys, claimed in the running transaction) count as free: the decisions assign them."""
        import numpy as np

        signatures = {}
        with _index_scans():
            holders = {k: pk for k, pk in _band_holders(self.all_keys).items() if pk not in own}
            if holders:
                for pk, raw in Posting.objects.filter(pk__in=set(holders.values())).values_list(
                    "pk", "near_dup_signature"
                ):
                    if raw is not None:
                        signatures[pk] = np.frombuffer(bytes(raw), dtype="<u4")
        index = _index()
        self.holders, self.dead = {}, {}
        by_holder: dict[int, list[int]] = defaultdict(list)
        for key, pk in holders.items():
            if pk in signatures:
                self.holders[key] = pk
                by_holder[pk].append(key)
            else:
                self.dead[key] = pk
        for pk, keys in by_holder.items():
            index.hold(pk, signatures[pk], keys)
        self.dup_of = []
        local_fp: dict[str, int] = {}
        for i, draft in enumerate(self.drafts):
            dup = self.existing.get(draft.fingerprint)
            if dup is None:
                dup = local_fp.get(draft.fingerprint)
            if dup is None:
                row = self.row_of[i]
                dup = index.add(-(i + 1), folded=draft.folded, signature=self.sigs[row], keys=self.keys[row])
            self.dup_of.append(dup)
            if dup is None:
                local_fp[draft.fingerprint] = -(i + 1)

    def claims(self, pks: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
        """(new bucket rows (key, pk), taken-over buckets (key, dead holder, pk)) for the chunk's originals: the
        buckets no stored original holds, each to the chunk's first original falling into it."""
        new, takeover, seen = [], [], set()
        for i, dup in enumerate(self.dup_of):
            if dup is not None:
                continue
            for key in self.keys[self.row_of[i]]:
                if key in seen or key in self.holders:
                    continue
                seen.add(key)
                if key in self.dead:
                    takeover.append((key, self.dead[key], pks[i]))
                else:
                    new.append((key, pks[i]))
        return new, takeover


@contextmanager
def _index_scans():
    """Look-ups by key through the index, whatever the planner's statistics say.

    A chunk looks up tens of thousands of bucket keys and thousands of fingerprints in tables of millions of rows
    that grow by the minute; until ANALYZE has run (autovacuum may be off or behind during a large ingest) the
    planner's guesses make it read the whole table for them (a parallel sequential scan of the bucket table
    once per chunk: the ingest slowed down in proportion to the postings stored). In a savepoint, so that the
    setting ends with the look-ups (PostgreSQL only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan TO off")
        yield
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def _pg_array(values: list[int]) -> str:
    """An integer array literal: the driver adapts a list of 80,000 ints ten times slower than this join."""
    return "{" + ",".join(map(str, values)) + "}"


def _band_holders(keys: list[int]) -> dict[int, int]:
    if not keys:
        return {}
    from django.db import connection

    from ..models import PostingBand

    table = connection.ops.quote_name(PostingBand._meta.db_table)
    out = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT key, posting_id FROM {table} WHERE key = ANY(%s::bigint[])", [_pg_array(keys)])
            out.update(cursor.fetchall())
        else:
            for i in range(0, len(keys), 5000):
                part = keys[i : i + 5000]
                cursor.execute(
                    f"SELECT key, posting_id FROM {table} WHERE key IN ({', '.join(['%s'] * len(part))})", part
                )
                out.update(cursor.fetchall())
    return out


def _band_insert(rows: list[tuple[int, int]]) -> int:
    """Insert bucket rows unless taken; returns how many were inserted. Keys go in ascending order, so two
    workers claiming overlapping buckets wait for each other in one order (no deadlock between two claims)."""
    if not rows:
        return 0
    from django.db import connection

    from ..models import PostingBand

    rows = sorted(rows)
    table = connection.ops.quote_name(PostingBand._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (key, posting_id) SELECT k, p FROM unnest(%s::bigint[], %s::bigint[]) AS t(k, p)"
                " ORDER BY k, p ON CONFLICT (key) DO NOTHING",
                [_pg_array([k for k, _p in rows]), _pg_array([p for _k, p in rows])],
            )
            return cursor.rowcount
        inserted = 0
        for i in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {table} (key, posting_id) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                rows[i : i + 5000],
            )
            inserted += cursor.rowcount
        return inserted


def _band_take_over(rows: list[tuple[int, int, int]]) -> int:
    """Buckets whose holder was rolled back go to the new original, unless another worker took them first."""
    from ..models import PostingBand

    return sum(
        PostingBand.objects.filter(key=key, posting_id=dead).update(posting_id=pk) for key, dead, pk in sorted(rows)
    )


def _band_release(keys: list[int], pks: list[int]) -> None:
    from ..models import PostingBand

    for i in range(0, len(keys), 5000):
        PostingBand.objects.filter(key__in=keys[i : i + 5000], posting_id__in=pks).delete()


CLAIM_ROUNDS = 5


def process_chunk(
    *, batch: IngestBatch, records, state: ChunkState, default_month=None, errors: list | None = None
) -> dict:
    """Analyse one chunk of (line, record) pairs and write its postings and skills atomically.

    A posting is a duplicate when its fingerprint matches a stored original or an earlier posting of the chunk,
    or when the shared near-duplicate index (``PostingBand``: LSH bucket key -> first original) or the chunk's
    earlier postings hold a posting whose MinHash signature is similar enough; a duplicate is not analysed again
    and shows its original's occupation.

    Concurrency: the index is read and the chunk analysed outside the write transaction; inside it the chunk's
    originals claim their free buckets (INSERT ... ON CONFLICT DO NOTHING on the bucket key). A claim that does
    not insert every row lost a race to another worker's chunk (committed meanwhile, or waited for until it
    committed): the index is read again, the decisions redone and only the difference released or claimed, so the
    result is the one a single process would give had the other chunk come first. Primary keys are reserved inside the
    transaction (the index and the duplicate links use them), so every row is written once: COPY on PostgreSQL,
    one executemany elsewhere, no model objects.
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
    chunk = _Chunk(drafts)
    chunk.look_up()
    analysed: set[int] = set()

    def analyse_originals():
        for i, dup in enumerate(chunk.dup_of):
            if dup is None and i not in analysed:
                pipeline.analyse(drafts[i])
                analysed.add(i)

    analyse_originals()
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                return _chunk_write(batch, state, chunk, analyse_originals, skipped)
        except OperationalError as exc:
            # two chunks' claims can wait for each other when one of them is redoing its decisions: the database
            # aborts one of them, which starts again from reading the index
            if "deadlock" not in str(exc).lower() or attempt == DEADLOCK_RETRIES:
                raise
            log.warning("near-duplicate index: deadlock between two chunks; retrying")
            chunk.look_up()
            analyse_originals()
    raise AssertionError("unreachable")


DEADLOCK_RETRIES = 3


def _chunk_write(batch: IngestBatch, state: ChunkState, chunk: _Chunk, analyse_originals, skipped: int) -> dict:
    """Inside the chunk's transaction: claim the originals' buckets (deciding again after a lost race), then
    write postings and skill spans."""
    from django.db import connection

    if connection.vendor == "postgresql":
        # The chunk and the batch's progress commit together, so a commit lost in a crash only means the chunk is
        # processed again on resume: no need to wait for the log flush (a tenth of a chunk's time).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    drafts = chunk.drafts
    pks = _reserve_posting_pks(len(drafts))
    own = frozenset(pks)
    held: dict[int, int] = {}  # bucket key -> pk, as this transaction has written them
    for _round in range(CLAIM_ROUNDS):
        new, takeover = chunk.claims(pks)
        wanted = dict(new) | {k: pk for k, _dead, pk in takeover}
        # after a lost race only the difference moves: buckets of postings that became duplicates are released,
        # buckets of postings that became originals are claimed
        stale = sorted(k for k, pk in held.items() if wanted.get(k) != pk)
        if stale:
            _band_release(stale, pks)
            for k in stale:
                del held[k]
        claim = [(k, pk) for k, pk in new if held.get(k) != pk]
        grab = [(k, dead, pk) for k, dead, pk in takeover if held.get(k) != pk]
        got = _band_insert(claim) + (_band_take_over(grab) if grab else 0)
        if got == len(claim) + len(grab):
            held.update(wanted)
            break
        # another worker's chunk took some of these buckets first: keep what we got, read the index again (its
        # postings are committed now) and decide again
        with _index_scans():
            taken = _band_holders(sorted({k for k, _p in claim} | {k for k, _d, _p in grab}))
        mine = {k for k, pk in taken.items() if pk in own}
        held.update({k: pk for k, pk in wanted.items() if k in mine})
        chunk.look_up(own)
        analyse_originals()
    else:
        raise RuntimeError("near-duplicate index: the chunk kept losing bucket claims")
    dup_of = [None if d is None else (d if d > 0 else pks[-d - 1]) for d in chunk.dup_of]
    occupation_of: dict[int, tuple[str, float]] = {}
    links = []
    skill_pks = state.skill_pks
    for draft, pk, dup in zip(drafts, pks, dup_of, strict=True):
        if dup is not None:
            continue
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
    for i, (draft, pk, dup) in enumerate(zip(drafts, pks, dup_of, strict=True)):
        signature = None
        if dup is not None:
            duplicates += 1
            draft.occupation_code, draft.occupation_confidence = occupation_of.get(dup, ("", 0.0))
        else:
            signature = _signature_bytes(chunk.sigs[chunk.row_of[i]])
        if draft.salary_flag or draft.area_flag or draft.posted_flag:
            flagged += 1
        rows.append((*to_row(draft, pk, dup), signature))
    _insert_rows(Posting, _POSTING_COLUMNS + ("near_dup_signature",), rows)
    _lock_skills({link[1] for link in links})
    _insert_rows(PostingSkill, ("posting_id", "skill_id", "start", "end", "strength", "field"), links)
    return {"imported": len(rows), "duplicates": duplicates, "flagged": flagged, "skipped": skipped}


def _lock_skills(skill_pks: set[int]) -> None:
    """What the skill spans' foreign key to ``Skill`` would check, once per skill instead of once per span (the
    table has no such constraint, see ``PostingSkill``): every skill exists, and none is deleted before the chunk
    commits (``FOR KEY SHARE``, the lock the constraint would take; on SQLite the chunk already holds the write
    lock). A skill deleted since the worker loaded its skill map fails the chunk, as the constraint did."""
    if not skill_pks:
        return
    from django.db import IntegrityError, connection

    table = connection.ops.quote_name(Skill._meta.db_table)
    wanted = sorted(skill_pks)
    found: set[int] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s::bigint[]) FOR KEY SHARE", [_pg_array(wanted)])
            found.update(row[0] for row in cursor.fetchall())
        else:
            for i in range(0, len(wanted), 500):
                part = wanted[i : i + 500]
                cursor.execute(f"SELECT id FROM {table} WHERE id IN ({', '.join(['%s'] * len(part))})", part)
                found.update(row[0] for row in cursor.fetchall())
    missing = skill_pks - found
    if missing:
        raise IntegrityError(f"skill spans name {len(missing)} skills that no longer exist (ids {sorted(missing)[:5]})")


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
