"""The near-duplicate index shared by ingest workers (PostingBand): the same decisions as one process, across
workers, after a lost race, after a rollback and after the table is emptied."""

import pytest

from workbridge.labour_market import services
from workbridge.labour_market.engines import pipeline
from workbridge.labour_market.engines.dedupe import NearDuplicateIndex
from workbridge.labour_market.models import IngestBatch, Posting, PostingBand, PostingSkill, PostingSource
from workbridge.labour_market.services.reference import ensure_reference_data

from .conftest import TEXTS

pytestmark = pytest.mark.django_db

AD = (
    "岗位职责：1、负责发电侧储能的相关数据分析：功率预测，综合自动化的数据，客户考核罚款数据，电力交易数据。"
    "2、算法优化：负责寻找能够改善发电侧储能经济效益或者运行效果的算法，包括机器学习、知识应用、智能寻优等技术的应用。"
    "任职资格：1、硕士及以上学历，数学、计算机、自动化、通信等相关专业，熟悉Python和MATLAB。"
)
OTHER = (
    "岗位职责：负责公司财务核算、出纳与税务申报；任职要求：会计专业大专以上，熟悉用友和金蝶财务软件，有初级会计职称。"
)
SALES = "岗位职责：开拓华东区域客户，完成销售目标；任职要求：大专以上学历，两年以上销售经验，熟练使用Excel和CRM系统。"
BASES = [
    ("嵌入式软件工程师", "某电子公司", TEXTS[0]),
    ("虚拟实验开发工程师", "某教育科技公司", TEXTS[1]),
    ("储能算法工程师", "某能源公司", AD),
    ("会计", "某贸易公司", OTHER),
    ("销售代表", "某软件公司", SALES),
]


def _variants(text: str, k: int) -> str:
    """Reposts that change words, not just numbering (so the fingerprint differs and only the index can tell)."""
    return [text, text + "薪资面议，欢迎加入。", text.replace("岗位职责", "工作内容") + "待遇优厚", text[:-12]][k % 4]


def _records():
    """Originals and their reposts, spread so that a repost often lands in another worker's chunk."""
    out = []
    for round_ in range(4):
        for b, (title, company, text) in enumerate(BASES):
            out.append(
                {
                    "title": title,
                    "company": company if round_ != 3 else company + "（分公司）",
                    "text": _variants(text, round_ + b),
                    "salary": "1-1.5万",
                    "area": "上海-浦东新区",
                    "posted": "2024-03-01",
                }
            )
    out.append(
        {"title": "数据分析师", "company": "某公司", "text": "熟悉SQL与Excel，了解Tableau。", "posted": "2024-03"}
    )
    return list(enumerate(out, start=2))


def _reference(records):
    """The decisions before the shared index, with every posting in one process: fingerprint, then one in-memory
    NearDuplicateIndex over the whole run. Returns line -> line of the original (None for an original)."""
    index, by_fp, out = NearDuplicateIndex(), {}, {}
    for line, record in records:
        draft = pipeline.draft_from_record(line, record)
        dup = by_fp.get(draft.fingerprint)
        if dup is None:
            dup = index.add(line, folded=draft.folded)
        out[line] = dup
        if dup is None:
            by_fp[draft.fingerprint] = line
    return out


def _batch():
    source, _created = PostingSource.objects.get_or_create(name="near-dup test")
    return IngestBatch.objects.create(source=source, file="x.jsonl", file_name="x", file_format="jsonl")


def _stored():
    """line -> line of the original, from the database (external_id carries the line)."""
    line_of = dict(Posting.objects.values_list("pk", "external_id"))
    return {
        int(line_of[pk]): (int(line_of[dup]) if dup else None)
        for pk, dup in Posting.objects.values_list("pk", "duplicate_of_id")
    }


def _with_lines(records):
    return [(line, {**record, "external_id": str(line)}) for line, record in records]


def test_two_workers_decide_as_one_process_and_keep_skills_and_codes():
    ensure_reference_data()
    records = _with_lines(_records())
    expected = _reference(records)
    assert sum(v is not None for v in expected.values()) >= 8  # the sample has reposts to find
    batch = _batch()
    workers = [services.ChunkState(), services.ChunkState()]  # nothing in memory is shared between them
    for n, start in enumerate(range(0, len(records), 3)):
        services.process_chunk(batch=batch, records=records[start : start + 3], state=workers[n % 2])
    stored = _stored()
    assert stored == expected
    # across workers: some reposts were found in the other worker's chunks (only exact copies were before)
    assert any(dup is not None and (dup - 2) // 3 % 2 != (line - 2) // 3 % 2 for line, dup in stored.items())
    # analysis is unchanged: an original's skills and occupation are what the pipeline gives on its own
    for posting in Posting.objects.filter(duplicate_of__isnull=True):
        draft = pipeline.analyse(pipeline.draft_from_record(0, {"title": posting.title, "text": posting.text}))
        spans = sorted(
            PostingSkill.objects.filter(posting=posting).values_list("skill__skill_id", "field", "start", "end")
        )
        assert spans == sorted((h.skill_id, h.field, h.start, h.end) for h in draft.skills)
        assert (posting.occupation_code, posting.occupation_confidence) == (
            draft.occupation_code,
            pytest.approx(draft.occupation_confidence),
        )
    # a duplicate shows its original's occupation; only originals hold buckets
    for posting in Posting.objects.filter(duplicate_of__isnull=False).select_related("duplicate_of"):
        assert posting.occupation_code == posting.duplicate_of.occupation_code
        assert posting.near_dup_signature is None
    holders = set(PostingBand.objects.values_list("posting_id", flat=True))
    assert holders == set(Posting.objects.filter(duplicate_of__isnull=True).values_list("pk", flat=True))


def test_a_chunk_that_read_the_index_before_another_committed_decides_again(monkeypatch):
    """Worker B reads the index, worker A commits a near-duplicate of B's posting, then B writes: B's claim finds the
    buckets taken, withdraws, reads again and links its posting to A's."""
    ensure_reference_data()
    batch = _batch()
    title, company, text = BASES[2]
    first = [(2, {"title": title, "company": company, "text": text, "external_id": "2"})]
    repost = [
        (3, {"title": title, "company": company, "text": _variants(text, 1), "external_id": "3"}),
        (4, {"title": BASES[4][0], "company": BASES[4][1], "text": BASES[4][2], "external_id": "4"}),
    ]

    real = services.ingest._band_holders
    calls = {"n": 0}

    def stale_then_real(keys):
        calls["n"] += 1
        if calls["n"] == 1:  # B's first read: A's chunk is not committed yet
            services.process_chunk(batch=batch, records=first, state=services.ChunkState())
            return {}
        return real(keys)

    monkeypatch.setattr(services.ingest, "_band_holders", stale_then_real)
    counts = services.process_chunk(batch=batch, records=repost, state=services.ChunkState())
    assert counts["duplicates"] == 1
    assert _stored() == {2: None, 3: 2, 4: None}
    # the repost's buckets went back; the unrelated posting kept all 16 it had claimed in the first round
    by_posting = {p.external_id: p.pk for p in Posting.objects.all()}
    assert not PostingBand.objects.filter(posting_id=by_posting["3"]).exists()
    assert PostingBand.objects.filter(posting_id=by_posting["2"]).count() == 16
    assert PostingBand.objects.filter(posting_id=by_posting["4"]).count() == 16


def test_buckets_of_a_rolled_back_posting_go_to_the_next_original():
    ensure_reference_data()
    title, company, text = BASES[0]
    record = [(2, {"title": title, "company": company, "text": text, "external_id": "2"})]
    batch = _batch()
    services.process_chunk(batch=batch, records=record, state=services.ChunkState())
    keys = set(PostingBand.objects.values_list("key", flat=True))
    assert len(keys) == 16
    services.batch_rollback_rows(batch.pk)
    again = [(3, {**record[0][1], "text": _variants(text, 1), "external_id": "3"})]
    counts = services.process_chunk(batch=_batch(), records=again, state=services.ChunkState())
    assert counts["duplicates"] == 0
    new = Posting.objects.get()
    assert new.duplicate_of_id is None
    # the old buckets it falls into now name it (taken over, not left pointing at nothing)
    taken = set(PostingBand.objects.filter(posting_id=new.pk).values_list("key", flat=True))
    assert taken & keys and not PostingBand.objects.exclude(posting_id=new.pk).filter(key__in=taken).exists()


def test_an_emptied_index_is_rebuilt_from_the_stored_signatures():
    ensure_reference_data()
    records = _with_lines(_records())
    services.process_chunk(batch=_batch(), records=records, state=services.ChunkState())
    before = set(PostingBand.objects.values_list("key", "posting_id"))
    PostingBand.objects.all().delete()  # what a PostgreSQL crash does to the unlogged table
    assert services.ingest.bands_rebuild() == Posting.objects.filter(duplicate_of__isnull=True).count()
    assert set(PostingBand.objects.values_list("key", "posting_id")) == before
    assert services.ingest.bands_rebuild() == 0  # only an empty table is rebuilt


def test_postings_stored_before_the_index_are_signed_for_their_source():
    ensure_reference_data()
    title, company, text = BASES[3]
    batch = _batch()
    services.process_chunk(
        batch=batch, records=[(2, {"title": title, "company": company, "text": text})], state=services.ChunkState()
    )
    Posting.objects.update(near_dup_signature=None)  # as imported before this index
    PostingBand.objects.all().delete()
    state = services.ChunkState.for_source(batch.source)
    assert PostingBand.objects.count() == 16
    repost = [(3, {"title": title, "company": company, "text": _variants(text, 1)})]
    assert services.process_chunk(batch=batch, records=repost, state=state)["duplicates"] == 1


def test_skill_spans_name_existing_skills_and_go_with_their_posting():
    """The spans table has no database foreign keys (PostingSkill): the ingest checks the skills itself, and
    deleting a posting or a skill still takes its spans along."""
    from django.db import IntegrityError, transaction

    from workbridge.labour_market.models import Skill

    ensure_reference_data()
    batch = _batch()
    records = _with_lines(_records())
    state = services.ChunkState()
    services.process_chunk(batch=batch, records=records[:5], state=state)
    spans = PostingSkill.objects.count()
    assert spans and not PostingSkill.objects.exclude(skill__in=Skill.objects.all()).exists()
    # a worker whose skill map names a skill deleted meanwhile: the chunk fails and writes nothing
    python = Skill.objects.get(pk=state.skill_pks["it.programming_languages.python"])
    PostingSkill.objects.filter(skill=python).delete()
    python.delete()
    postings = Posting.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        late = _with_lines([(99, {"title": "数据工程师", "text": AD})])
        services.process_chunk(batch=batch, records=late, state=state)
    assert Posting.objects.count() == postings
    # deleting a posting, then a skill, removes their spans (the ORM cascades)
    posting = PostingSkill.objects.first().posting
    posting.delete()
    assert not PostingSkill.objects.filter(posting_id=posting.pk).exists()
    skill = PostingSkill.objects.first().skill
    skill.delete()
    assert not PostingSkill.objects.filter(skill_id=skill.pk).exists()
