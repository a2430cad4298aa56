"""The graduate-destinations sheet as an importer of the one import framework (core.importing): the same
template, preview, all-or-nothing commit and row errors in the file's own headers as students or courses.

Re-importing a sheet updates the record of each (student number, graduation year) instead of duplicating it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.academics.models import Major, Student
from workbridge.core.access import Actor
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.importing import Column, Importer, RowProblem, collect, identifier_text, integer, text
from workbridge.core.roles import Role
from workbridge.organizations.engines.names import normalize_name
from workbridge.organizations.models import Organization, OrgKind

from . import services
from .models import Destination, GraduateDestination


class DestinationImporter(Importer):
    kind = "destinations"
    label = gettext_lazy("Graduate destinations")
    roles = (Role.SCHOOL_ADMIN,)
    list_url_name = "labour_market:destinations"
    natural_key = ("student_number", "graduation_year")
    columns = (
        Column("student_number", "Student number", "学号", example="2021010101"),
        Column(
            "major_code",
            "Major code",
            "专业代码",
            required=False,
            help_en="Needed when the student is not on the platform.",
            help_zh="学生不在平台上时必填。",
            example="460301",
        ),
        Column("graduation_year", "Graduation year", "毕业年份", aliases=("届别",), example="2024"),
        Column(
            "destination",
            "Destination",
            "毕业去向",
            aliases=("去向",),
            help_en="employed, further study, enlisted, self-employed or not placed",
            help_zh="就业、升学、参军、自主创业或待就业",
            example="就业",
        ),
        Column(
            "employer",
            "Employer",
            "就业单位",
            required=False,
            aliases=("单位", "用人单位"),
            help_en="Required for an employed graduate.",
            help_zh="就业的毕业生必填。",
            example="杭州某智能装备有限公司",
        ),
        Column("occupation_code", "Occupation code", "职业代码", required=False, example="6-31-01-03"),
        Column(
            "starting_salary",
            "Monthly starting salary (yuan)",
            "月起薪（元）",
            required=False,
            aliases=("起薪", "月起薪"),
            example="4500",
        ),
        Column(
            "relevance",
            "Relevance to the major",
            "专业相关度",
            required=False,
            aliases=("专业相关",),
            help_en="closely related, somewhat related or unrelated",
            help_zh="对口、部分相关或不相关",
            example="对口",
        ),
        Column(
            "hired_by_host",
            "Kept on by the placement host",
            "实习单位留用",
            required=False,
            aliases=("是否实习单位留用",),
            help_en="yes or no",
            help_zh="是或否",
            example="是",
        ),
    )

    def check_permission(self, actor: Actor) -> None:
        if actor.role != Role.SCHOOL_ADMIN:
            raise PermissionDenied(_("Only school admins import destinations."))

    def prepare(self, actor: Actor) -> dict:
        school_id = actor.organization_id
        return {
            "school_id": school_id,
            "majors": {m.code: m for m in Major.objects.filter(school_id=school_id)},
            "students": {
                s.student_number: s for s in Student.objects.filter(school_id=school_id).select_related("major")
            },
            "employers": {
                normalize_name(n): pk
                for pk, n in Organization.objects.filter(kind=OrgKind.ENTERPRISE).values_list("pk", "name")
            },
        }

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        values = collect(
            [
                ("student_number", lambda: identifier_text(raw, "student_number")),
                ("graduation_year", lambda: integer(raw, "graduation_year", minimum=1990, maximum=2100)),
                ("destination", lambda: _word(raw, "destination", services.DESTINATION_WORDS, required=True)),
                ("employer", lambda: text(raw, "employer", required=False, max_length=200)),
                ("occupation_code", lambda: text(raw, "occupation_code", required=False, max_length=12)),
                (
                    "starting_salary",
                    lambda: integer(raw, "starting_salary", required=False, minimum=0, maximum=1_000_000),
                ),
                ("relevance", lambda: _word(raw, "relevance", services.RELEVANCE_WORDS, required=False)),
                ("hired_by_host", lambda: _yes_no(raw)),
                ("major", lambda: _major(raw, ctx)),
            ]
        )
        if values["destination"] == Destination.EMPLOYED and not values["employer"]:
            raise RowProblem("employer", _("an employed graduate needs an employer"))
        student = ctx["students"].get(values["student_number"])
        values["student"] = student
        if values["major"] is None:
            if student is None:
                raise RowProblem("major_code", _("give the major code: this student is not on the platform"))
            values["major"] = student.major
        employer = values["employer"]
        values["employer_id"] = ctx["employers"].get(normalize_name(employer)) if employer else None
        return values

    def find_existing(self, cleaned: dict, ctx: dict):
        return GraduateDestination.objects.filter(
            school_id=ctx["school_id"],
            student_number=cleaned["student_number"],
            graduation_year=cleaned["graduation_year"],
        ).first()

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        services.destination_record(
            actor=actor,
            existing=existing,
            major=cleaned["major"],
            student=cleaned["student"],
            student_number=cleaned["student_number"],
            graduation_year=cleaned["graduation_year"],
            destination=cleaned["destination"],
            employer_name=cleaned["employer"],
            employer_id=cleaned["employer_id"],
            occupation_code=cleaned["occupation_code"],
            starting_salary=cleaned["starting_salary"],
            relevance=cleaned["relevance"],
            hired_by_host=cleaned["hired_by_host"],
        )

    def display_row(self, cleaned: dict) -> list[str]:
        return [
            cleaned["student_number"],
            cleaned["major"].name,
            str(cleaned["graduation_year"]),
            str(Destination(cleaned["destination"]).label),
            cleaned["employer"],
        ]

    def display_headers(self) -> list[str]:
        return [_("Student number"), _("Major"), _("Graduation year"), _("Destination"), _("Employer")]


def _major(raw: dict, ctx: dict) -> Major | None:
    code = text(raw, "major_code", required=False)
    if not code:
        return None
    major = ctx["majors"].get(code) or ctx["majors"].get(code.upper())
    if major is None:
        raise RowProblem("major_code", _("unknown major code %(code)s of this school") % {"code": code[:20]})
    return major


def _word(raw: dict, key: str, words: dict, *, required: bool) -> str:
    value = text(raw, key, required=required)
    if not value:
        return ""
    found = words.get(value.lower())
    if found is None:
        known = "、".join(sorted({w for w in words if not w.isascii()}))
        raise RowProblem(key, _("%(v)s is not one of: %(known)s") % {"v": value[:30], "known": known})
    return found


def _yes_no(raw: dict) -> bool | None:
    value = text(raw, "hired_by_host", required=False).lower()
    if not value:
        return None
    if value in services.YES:
        return True
    if value in services.NO:
        return False
    raise RowProblem("hired_by_host", _("answer 是 or 否 (yes or no)"))
