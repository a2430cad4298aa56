import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from workbridge.core.exceptions import ImportFailed, PermissionDenied
from workbridge.core.roles import Role
from workbridge.labour_market import services
from workbridge.labour_market.models import BatchStatus, DemandStat, Dimension, Posting, PostingSkill

pytestmark = pytest.mark.django_db


def _file(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_csv_ingest_normalises_extracts_codes_and_counts_duplicates_once(world, postings_csv):
    admin = world.users[Role.SCHOOL_ADMIN]
    batch = services.postings_ingest(actor=admin, file=_file(postings_csv, "51job.csv"), source="51job test")
    assert batch.status == BatchStatus.DONE, batch.errors
    assert batch.imported == 8 and batch.duplicates == 1
    posting = Posting.objects.get(company_name="北京贝聚贝安科技有限公司")
    assert (posting.salary_min, posting.salary_max, posting.salary_months) == (6000, 12000, 13)
    assert posting.province.startswith("山东") and posting.city.startswith("青岛")
    assert posting.posted_month.isoformat() == "2023-12-01"
    assert posting.occupation_code and 0 < posting.occupation_confidence <= 1
    skills = {
        link.skill.name_en.lower()
        for link in PostingSkill.objects.filter(
            posting__title="Python开发工程师", posting__duplicate_of__isnull=True
        ).select_related("skill")
    }
    assert "python" in skills and "django" in skills
    for link in PostingSkill.objects.select_related("posting"):
        source = link.posting.title if link.field == "title" else link.posting.text
        assert 0 <= link.start < link.end <= len(source)
    # 工资保密 is not a salary: kept raw and flagged, never guessed.
    secret = Posting.objects.get(title="数据分析师")
    assert secret.salary_flag and secret.raw_salary == "工资保密" and secret.salary_min is None
    # the platform enterprise named in the row is linked
    assert secret.enterprise_id == world.enterprise1.pk
    # demand tables count the reposted ad once
    occ = DemandStat.objects.filter(dimension=Dimension.OCCUPATION, month__isnull=True).values_list(
        "postings", flat=True
    )
    assert sum(occ) == 7
    benefit = PostingSkill.objects.filter(skill__name_zh="五险一金").exists()
    assert not benefit


def test_gbk_text_file_one_posting_per_line(world, postings_txt):
    batch = services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_txt, "jd.txt"))
    assert batch.status == BatchStatus.DONE and batch.encoding == "gbk" and batch.imported == 2
    first = Posting.objects.order_by("id").first()
    names = {s.skill.name_en.lower() for s in first.skills.select_related("skill")}
    assert {"arm"} <= names or {"c++"} & names


def test_xlsx_and_jsonl_with_mapping(world):
    book = Workbook()
    book.active.append(["岗位", "企业", "月薪", "城市", "要求"])
    book.active.append(["PLC工程师", "某自动化公司", "6-8千·13薪", "浙江省宁波", "熟练PLC编程，熟悉AutoCAD"])
    buf = io.BytesIO()
    book.save(buf)
    batch = services.postings_ingest(
        actor=world.users[Role.PLATFORM_ADMIN],
        file=_file(buf.getvalue(), "x.xlsx"),
        mapping={"title": "岗位", "company": "企业", "salary": "月薪", "area": "城市", "text": "要求"},
    )
    assert batch.status == BatchStatus.DONE and batch.imported == 1
    p = Posting.objects.get(title="PLC工程师")
    assert p.salary_months == 13 and p.text.startswith("熟练PLC")
    jsonl = "\n".join(
        json.dumps({"title": t, "salary": s}, ensure_ascii=False)
        for t, s in [("Java开发", "15-25K·14薪"), ("客服", "面议")]
    ).encode()
    batch = services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=_file(jsonl, "a.jsonl"))
    assert batch.imported == 2
    assert Posting.objects.get(title="Java开发").salary_months == 14
    negotiable = Posting.objects.get(title="客服")
    assert negotiable.salary_min is None and not negotiable.salary_flag


def test_bad_files_are_rejected_with_reasons_and_nothing_saved(world):
    admin = world.users[Role.PLATFORM_ADMIN]
    with pytest.raises(ImportFailed):
        services.postings_ingest(actor=admin, file=_file(b"", "a.csv"))
    with pytest.raises(ImportFailed, match="not in the file"):
        services.postings_ingest(actor=admin, file=_file(b"a,b\n1,2\n", "a.csv"), mapping={"title": "zzz"})
    with pytest.raises(ImportFailed, match="Line 1"):
        services.postings_ingest(actor=admin, file=_file(b"{broken\n", "a.jsonl"))
    assert not Posting.objects.exists()


def test_roles_without_the_right_cannot_ingest(world, postings_csv):
    with pytest.raises(PermissionDenied):
        services.postings_ingest(actor=world.users[Role.STUDENT], file=_file(postings_csv, "a.csv"))


def test_reupload_counts_once(world, postings_csv):
    admin = world.users[Role.PLATFORM_ADMIN]
    services.postings_ingest(actor=admin, file=_file(postings_csv, "a.csv"), source="s")
    second = services.postings_ingest(actor=admin, file=_file(postings_csv, "a.csv"), source="s")
    assert second.duplicates == second.imported == 8
    assert Posting.objects.filter(duplicate_of__isnull=True).count() == 7


def test_command(world, postings_csv, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_bytes(postings_csv)
    call_command("ingest_postings", str(path), "--source", "cmd")
    out = capsys.readouterr().out
    assert "done; 8 postings" in out
    txt = tmp_path / "p.txt"
    txt.write_text("熟悉Linux和Shell脚本\n", encoding="utf-8")
    call_command("ingest_postings", str(txt), "--format", "txt", "--month", "2024-05")
    assert Posting.objects.filter(posted_month="2024-05-01").count() == 1


def test_with_a_broker_the_batch_goes_to_the_celery_task(
    world, postings_csv, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from workbridge.labour_market import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(tasks.ingest_batch, "delay", lambda batch_id: sent.append(batch_id))
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"))
    assert batch.status == BatchStatus.PENDING and sent == [batch.pk] and not Posting.objects.exists()
    assert tasks.ingest_batch(batch.pk) == BatchStatus.DONE  # what the worker runs
    assert Posting.objects.filter(batch=batch).count() == 8


def test_a_batch_failing_midway_keeps_nothing(world, postings_csv, monkeypatch):
    from workbridge.labour_market.engines import pipeline

    calls = {"n": 0}
    original = pipeline.analyse

    def flaky(draft):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("engine crashed")
        return original(draft)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    monkeypatch.setattr(services.ingest, "CHUNK_SIZE", 2)  # the first chunk commits before the crash
    batch = services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"))
    assert batch.status == BatchStatus.FAILED and batch.errors[0]["reason"] == "RuntimeError"
    assert not Posting.objects.exists() and not PostingSkill.objects.exists()


def test_over_limit_files_are_refused_before_any_work(world, postings_csv, settings):
    from django.utils import translation

    from workbridge.labour_market.models import IngestBatch

    translation.activate("en")
    admin = world.users[Role.SCHOOL_ADMIN]
    settings.POSTINGS_INGEST_MAX_BYTES = 100
    with pytest.raises(ImportFailed, match="at most 0.0 MB"):
        services.postings_ingest(actor=admin, file=_file(postings_csv, "big.csv"))
    settings.POSTINGS_INGEST_MAX_BYTES = 10_000_000
    settings.POSTINGS_INGEST_MAX_ROWS = 3
    with pytest.raises(ImportFailed, match="at most 3 rows"):
        services.postings_ingest(actor=admin, file=_file(postings_csv, "many.csv"))
    assert not Posting.objects.exists() and not IngestBatch.objects.exists()
    translation.deactivate()


def test_a_killed_worker_leaves_a_chunk_boundary_and_the_batch_is_resumed(
    world, postings_csv, monkeypatch, django_capture_on_commit_callbacks
):
    """The probe's failure mode: the process dies mid-batch (no exception handler runs). The committed chunks stay
    with their progress, the batch keeps its lease, and after the lease runs out the recovery job finishes it with
    exactly the postings a clean run makes."""
    import datetime as dt

    from django.utils import timezone

    from workbridge.labour_market.models import IngestBatch

    clean = services.postings_ingest(
        actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"), source="clean run"
    )
    expected = Posting.objects.filter(batch=clean).count()
    Posting.objects.all().delete()

    original = services.process_chunk
    calls = {"n": 0}

    def dies_on_second_chunk(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # like SIGKILL: nothing after this line runs, no handler cleans up
        return original(**kwargs)

    monkeypatch.setattr(services.ingest, "process_chunk", dies_on_second_chunk)
    monkeypatch.setattr(services.ingest, "CHUNK_SIZE", 3)
    with pytest.raises(KeyboardInterrupt):
        services.postings_ingest(
            actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"), source="killed run"
        )
    batch = IngestBatch.objects.get(source__name="killed run")
    assert batch.status == BatchStatus.RUNNING and batch.rows_done == 3
    first_chunk = Posting.objects.filter(batch=batch).count()
    assert 0 < first_chunk <= 3

    monkeypatch.setattr(services.ingest, "process_chunk", original)
    assert services.ingest_recover() == []  # the lease is still running: nobody steals the batch
    IngestBatch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.ingest_recover() == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.rows_done == batch.rows_total
    assert Posting.objects.filter(batch=batch).count() == expected


def test_the_owner_rolls_back_a_stuck_batch(world, postings_csv, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from workbridge.core.exceptions import NotFound
    from workbridge.labour_market.models import IngestBatch

    _die_on_second_chunk(monkeypatch)
    admin = world.users[Role.PLATFORM_ADMIN]
    with pytest.raises(KeyboardInterrupt):
        services.postings_ingest(actor=admin, file=_file(postings_csv, "a.csv"), source="stuck")
    batch = IngestBatch.objects.get(source__name="stuck")
    with pytest.raises(NotFound):
        services.batch_rollback(actor=world.users[Role.SCHOOL_ADMIN], batch_id=batch.pk)
    IngestBatch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    rolled = services.batch_rollback(actor=admin, batch_id=batch.pk)
    assert rolled.status == BatchStatus.FAILED and not Posting.objects.filter(batch=batch).exists()


def test_recover_command_resumes_and_rolls_back(world, postings_csv, monkeypatch, capsys):
    import datetime as dt

    from django.utils import timezone

    from workbridge.labour_market.models import IngestBatch

    _die_on_second_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        services.postings_ingest(
            actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"), source="cmd"
        )
    batch = IngestBatch.objects.get(source__name="cmd")
    IngestBatch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("ingest_recover", "--rollback", str(batch.pk))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and not Posting.objects.filter(batch=batch).exists()
    call_command("ingest_recover")
    assert "resumed 0 batch" in capsys.readouterr().out


def _die_on_second_chunk(monkeypatch):
    """Make the worker die (like SIGKILL: no handler runs) while processing the second chunk of 3 rows."""
    monkeypatch.setattr(services.ingest, "CHUNK_SIZE", 3)
    original = services.process_chunk
    calls = {"n": 0}

    def dies(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(**kwargs)

    monkeypatch.setattr(services.ingest, "process_chunk", dies)
    return original


def _stalled_batch(world, postings_csv, monkeypatch, source: str):
    """A batch whose worker died after its first chunk and whose lease has run out."""
    import datetime as dt

    from django.utils import timezone

    from workbridge.labour_market.models import IngestBatch

    _die_on_second_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        services.postings_ingest(actor=world.users[Role.SCHOOL_ADMIN], file=_file(postings_csv, "a.csv"), source=source)
    monkeypatch.undo()
    batch = IngestBatch.objects.get(source__name=source)
    IngestBatch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    return batch


def test_the_uploader_resumes_a_stalled_batch_from_its_page(world, postings_csv, monkeypatch, client):
    from django.urls import reverse

    batch = _stalled_batch(world, postings_csv, monkeypatch, "page resume")
    assert Posting.objects.filter(batch=batch).count() == 3  # the first chunk committed
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(reverse("labour_market:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'id="batch-resume"' in page.content.decode() and 'id="batch-rollback"' in page.content.decode()
    response = client.post(reverse("labour_market:batch-resume", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.rows_done == batch.rows_total
    assert Posting.objects.filter(batch=batch).count() == batch.imported == 8  # as a clean run of the file
    # a finished batch cannot be resumed again: a clear conflict, not a second run
    again = client.post(reverse("lm-batch-resume", args=[batch.pk]))
    assert again.status_code == 409


def test_roll_back_through_the_api_and_the_page_says_what_happened(world, postings_csv, monkeypatch, client):
    from django.urls import reverse
    from django.utils import translation

    batch = _stalled_batch(world, postings_csv, monkeypatch, "api rollback")
    client.force_login(world.users[Role.TEACHER])  # same school, not the uploader: may not touch it
    assert client.post(reverse("lm-batch-rollback", args=[batch.pk])).status_code == 404
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post(reverse("lm-batch-rollback", args=[batch.pk]))
    assert response.status_code == 200 and response.json()["status"] == BatchStatus.FAILED
    assert not Posting.objects.filter(batch=batch).exists()
    with translation.override("zh-hans"):
        page = client.get(
            reverse("labour_market:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
    assert "rolled back" not in page and "已回滚" in page


def test_an_ingest_queues_demand_tables_and_warnings(world, postings_csv, monkeypatch):
    """A finished batch queues the demand tables and the majors' warnings (demand trend counts postings) for a
    worker, once each however many files arrive (core.debounce), instead of running them in the request."""
    queued = []

    def fake_queue_once(task, *, key, window=60, **kwargs):
        queued.append(task.name)
        return True

    monkeypatch.setattr("workbridge.core.debounce.queue_once", fake_queue_once)
    services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=_file(postings_csv, "a.csv"))
    assert queued == ["labour_market.demand_recompute", "labour_market.warnings_recompute"]
