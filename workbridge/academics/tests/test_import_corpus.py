"""The import corpus: good and bad student/teacher/course files generated here, each checked for a clear
message and for importing nothing when anything is wrong."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from workbridge.academics.engines.identity import make_id_number
from workbridge.academics.models import Cohort, Course, Student, Teacher
from workbridge.core import crypto, importing
from workbridge.core.exceptions import ImportFailed, PermissionDenied
from workbridge.core.models import ImportJob
from workbridge.core.roles import Role

HEADERS_ZH = ["学号", "姓名", "身份证号", "专业代码", "班级", "入学年份", "手机号"]
HEADERS_EN = ["Student number", "Name", "ID number", "Major code", "Class", "Intake year", "Phone"]


def _id(n: int, born=dt.date(2006, 5, 1)) -> str:
    return make_id_number("330106", born, n)


def xlsx(rows: list[list], headers=HEADERS_ZH) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], headers=HEADERS_ZH, encoding="utf-8") -> bytes:
    lines = [",".join(headers)] + [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def good_rows(world, count=3, start=1):
    code = world.major1.code
    return [
        [f"2025{n:04d}", f"导入学生{n}", _id(n), code, "2025级机电1班", 2025, f"139{n:08d}"]
        for n in range(start, start + count)
    ]


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; column names come from the file's own headers."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def admin(world):
    return world.users[Role.SCHOOL_ADMIN]


def run(admin, data: bytes, filename="students.xlsx", kind="students"):
    return importing.import_file(actor=admin, kind=kind, data=data, filename=filename)


def _count():
    return Student.objects.count(), Cohort.objects.count()


@pytest.mark.django_db
def test_good_xlsx_imports_all_rows_with_encrypted_masked_id(world, admin):
    before = Student.objects.count()
    plan = run(admin, xlsx(good_rows(world)))
    assert (plan.creates, plan.updates, plan.errors) == (3, 0, [])
    assert Student.objects.count() == before + 3
    student = Student.objects.get(student_number="20250001")
    assert student.school == world.school1 and student.major == world.major1
    assert student.cohort.name == "2025级机电1班" and student.cohort.intake_year == 2025
    assert student.id_number == _id(1)
    assert student.id_number_hash == crypto.keyed_hash(_id(1))
    assert _id(1) not in student.id_number_encrypted
    assert student.id_number_masked.endswith(_id(1)[-4:]) and "*" in student.id_number_masked
    assert student.birth_date == dt.date(2006, 5, 1)
    assert student.phone_masked == "*******0001"


@pytest.mark.django_db
def test_reimport_updates_by_student_number_instead_of_duplicating(world, admin):
    run(admin, xlsx(good_rows(world)))
    rows = good_rows(world)
    rows[0][1] = "改名学生"
    plan = run(admin, xlsx(rows))
    assert (plan.creates, plan.updates) == (0, 3)
    assert Student.objects.filter(student_number="20250001").get().name == "改名学生"
    assert Student.objects.filter(student_number__startswith="2025").count() == 3


@pytest.mark.django_db
def test_english_headers_and_required_marks_are_accepted(world, admin):
    headers = [h + "*" for h in HEADERS_EN]
    plan = run(admin, xlsx(good_rows(world, 2), headers=headers))
    assert plan.creates == 2


@pytest.mark.django_db
def test_gbk_csv_is_detected(world, admin):
    data = csv_bytes(good_rows(world, 2), encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert importing.detect_encoding(data) == "gbk"
    plan = run(admin, data, filename="students.csv")
    assert plan.creates == 2
    assert Student.objects.get(student_number="20250001").name == "导入学生1"


@pytest.mark.django_db
def test_utf8_bom_csv(world, admin):
    data = b"\xef\xbb\xbf" + csv_bytes(good_rows(world, 1))
    assert run(admin, data, filename="s.csv").creates == 1


# ---------------------------------------------------------------------------------------------- the bad corpus


def _assert_rejected(admin, data, filename, *, message_contains=None, error=None, kind=None):
    before = _count()
    if kind is None:
        kind = "courses" if filename.startswith("c.") else "students"
    with pytest.raises(ImportFailed) as info:
        run(admin, data, filename, kind=kind)
    assert _count() == before, "a rejected file must import nothing"
    exc = info.value
    if message_contains:
        assert message_contains in exc.message, exc.message
    if error:
        row, column, reason_part = error
        assert any(e["row"] == row and e["column"] == column and reason_part in e["reason"] for e in exc.errors), (
            exc.errors
        )
    return exc


@pytest.mark.django_db
def test_bad_id_number_rejects_whole_file(world, admin):
    rows = good_rows(world, 3)
    bad = rows[1][2][:-1] + ("0" if rows[1][2][-1] != "0" else "1")
    rows[1][2] = bad
    exc = _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(3, "身份证号", "check character"))
    assert bad not in str(exc.errors), "error messages must not repeat the ID number"


@pytest.mark.django_db
def test_id_number_typed_as_number_is_explained(world, admin):
    rows = good_rows(world, 1)
    rows[0][2] = float(rows[0][2][:17] + "1")
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(2, "身份证号", "format the column as text"))


@pytest.mark.django_db
def test_unknown_major(world, admin):
    rows = good_rows(world, 2)
    rows[1][3] = "460999"
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(3, "专业代码", "unknown major code 460999"))


@pytest.mark.django_db
def test_major_of_another_school_is_unknown_here(world, admin):
    rows = good_rows(world, 1)
    rows[0][3] = world.major2.code
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(2, "专业代码", "unknown major"))


@pytest.mark.django_db
def test_duplicate_student_number_inside_file(world, admin):
    rows = good_rows(world, 3)
    rows[2][0] = rows[0][0]
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(4, "学号", "duplicate of row 2"))


@pytest.mark.django_db
def test_duplicate_id_number_inside_file(world, admin):
    rows = good_rows(world, 2)
    rows[1][2] = rows[0][2]
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(3, "身份证号", "duplicate of row 2"))


@pytest.mark.django_db
def test_id_number_of_another_existing_student(world, admin):
    rows = good_rows(world, 1)
    rows[0][2] = world.student1.id_number
    _assert_rejected(admin, xlsx(rows), "s.xlsx", error=(2, "身份证号", world.student1.student_number))


@pytest.mark.django_db
def test_empty_file(world, admin):
    _assert_rejected(admin, b"", "s.xlsx", message_contains="empty")
    _assert_rejected(admin, xlsx([], headers=None), "s.xlsx", message_contains="empty")
    _assert_rejected(admin, b"\r\n\r\n", "s.csv", message_contains="empty")


@pytest.mark.django_db
def test_header_only_file(world, admin):
    _assert_rejected(admin, xlsx([]), "s.xlsx", message_contains="no data rows")


@pytest.mark.django_db
def test_non_excel_file_renamed_xlsx(world, admin):
    _assert_rejected(admin, b"%PDF-1.4 this is a pdf\n", "s.xlsx", message_contains="not a real Excel workbook")
    _assert_rejected(admin, csv_bytes(good_rows(world, 1)), "s.xlsx", message_contains="not a real Excel workbook")
    # A zip that is not a workbook.
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    _assert_rejected(admin, buffer.getvalue(), "s.xlsx", message_contains="could not be opened")


@pytest.mark.django_db
def test_missing_columns(world, admin):
    rows = [[r[0], r[1], r[3]] for r in good_rows(world, 1)]
    exc = _assert_rejected(
        admin, xlsx(rows, headers=["学号", "姓名", "专业代码"]), "s.xlsx", message_contains="身份证号 / ID number"
    )
    assert exc.errors[0]["row"] == 1


@pytest.mark.django_db
def test_unsupported_extension_and_old_xls(world, admin):
    _assert_rejected(admin, b"abc", "s.docx", message_contains=".xlsx")
    _assert_rejected(admin, b"\xd0\xcf\x11\xe0rest", "s.xls", message_contains="save it as .xlsx")


@pytest.mark.django_db
def test_one_row_with_many_problems_reports_each_column(world, admin):
    rows = good_rows(world, 1)
    rows[0][1] = ""
    rows[0][3] = "99"
    rows[0][6] = "12345"
    exc = _assert_rejected(admin, xlsx(rows), "s.xlsx")
    columns = {e["column"] for e in exc.errors}
    assert {"姓名", "专业代码", "手机号"} <= columns


@pytest.mark.django_db
def test_teacher_cannot_import_students(world):
    with pytest.raises(PermissionDenied):
        run(world.users[Role.TEACHER], xlsx(good_rows(world, 1)))


@pytest.mark.django_db
def test_commit_failure_midway_rolls_back(world, admin, monkeypatch):
    """If saving fails after some rows and a new class were written, everything is rolled back."""
    from workbridge.academics import services
    from workbridge.core.exceptions import Conflict

    real = services.students_bulk_save

    def flaky(*, actor, school, creates, updates):
        real(actor=actor, school=school, creates=creates[:1], updates=[])
        raise Conflict("simulated clash")

    monkeypatch.setattr(services, "students_bulk_save", flaky)
    before = _count()
    with pytest.raises(ImportFailed) as info:
        run(admin, xlsx(good_rows(world, 3)))
    assert _count() == before
    assert "simulated clash" in info.value.message


@pytest.mark.django_db
def test_teacher_commit_failure_reports_the_row(world, admin, monkeypatch):
    from workbridge.academics import services
    from workbridge.core.exceptions import Conflict

    real = services.teacher_create
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Conflict("simulated clash")
        return real(**kwargs)

    monkeypatch.setattr(services, "teacher_create", flaky)
    with pytest.raises(ImportFailed) as info:
        run(admin, xlsx([["T1", "甲"], ["T2", "乙"]], headers=["工号", "姓名"]), kind="teachers")
    assert info.value.errors[0]["row"] == 3
    assert not Teacher.objects.filter(employee_number="T1").exists()


# -------------------------------------------------------------------------------------------- preview and commit


class Upload(io.BytesIO):
    def __init__(self, data, name):
        super().__init__(data)
        self.name = name


@pytest.mark.django_db
def test_preview_then_commit_job(world, admin):
    job, plan = importing.import_preview(
        actor=admin, kind="students", uploaded=Upload(xlsx(good_rows(world, 2)), "a.xlsx")
    )
    assert job.status == ImportJob.Status.PREVIEWED and plan.creates == 2
    assert Student.objects.filter(student_number__startswith="2025").count() == 0
    assert "*" in job.preview[0]["values"][2], "the preview masks the ID number"
    importing.import_commit(actor=admin, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED and not job.upload
    assert Student.objects.filter(student_number__startswith="2025").count() == 2


@pytest.mark.django_db
def test_job_of_another_user_cannot_be_committed(world, admin):
    from workbridge.core.exceptions import NotFound

    job, _plan = importing.import_preview(
        actor=admin, kind="students", uploaded=Upload(xlsx(good_rows(world, 1)), "a.xlsx")
    )
    with pytest.raises(NotFound):
        importing.import_commit(actor=world.other[Role.SCHOOL_ADMIN], job=job)


# ------------------------------------------------------------------------------------------ teachers and courses


@pytest.mark.django_db
def test_teacher_import_creates_departments_and_updates(world, admin):
    rows = [
        ["T9001", "赵老师", "女", "汽车学院", "讲师", "汽车维修工技师", "新能源汽车", "13700000001"],
        ["T9002", "钱老师", "男", "汽车学院", "副教授", "", "", ""],
    ]
    headers = ["工号", "姓名", "性别", "院系", "职称", "职业资格", "专长", "手机号"]
    plan = run(admin, xlsx(rows, headers=headers), kind="teachers")
    assert plan.creates == 2
    assert Teacher.objects.get(employee_number="T9001").department.name == "汽车学院"
    rows[1][4] = "教授"
    plan = run(admin, xlsx(rows, headers=headers), kind="teachers")
    assert plan.updates == 2 and Teacher.objects.get(employee_number="T9002").title == "教授"


@pytest.mark.django_db
def test_course_import_and_errors(world, admin):
    headers = ["专业代码", "课程代码", "课程名称", "学分", "学时", "课程类型", "开课学期", "学习成果"]
    rows = [
        [world.major1.code, "X101", "液压与气动", 3, 48, "理实一体", 2, "能够分析液压回路"],
        [world.major1.code, "X102", "电工基础", "three", 48, "理论", 1, ""],
    ]
    exc = _assert_rejected(admin, xlsx(rows, headers=headers), "c.xlsx", error=(3, "学分", "not a number"))
    assert exc
    rows[1][3] = 2.5
    plan = run(admin, xlsx(rows, headers=headers), kind="courses")
    assert plan.creates == 2
    assert Course.objects.get(code="X102").course_type == "theory"


def test_template_has_zh_and_en_headers():
    importer = importing.get_importer("students")
    for lang, first in (("zh", "学号*"), ("en", "Student number*")):
        workbook = load_workbook(io.BytesIO(importing.template_workbook(importer, lang)))
        assert workbook.worksheets[0]["A1"].value == first
        assert len(workbook.worksheets) == 2
