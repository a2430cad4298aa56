"""REST API (/api/v1/placements/...). Reads go through selectors (core.access scoping); writes call services."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from typing import NamedTuple

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.api_exports import ExportableListMixin
from workbridge.core.authentication import TokenAuthentication, credentials_from_row, token_key
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.parsers import json_object
from workbridge.core.viewsets import ArchivedListMixin, archived_list_schema

from . import models as m
from . import permissions as perms
from . import selectors
from . import services as svc
from .listing import ALERT_COLUMNS, PLACEMENT_COLUMNS, PLAN_COLUMNS, POSITION_COLUMNS
from .services import alerts as alerts_svc
from .services import attendance as att_svc
from .services import plans as plans_svc
from .services import reports as rep_svc
from .services import rounds as match_svc
from .services.positions import POSITION_FIELDS
from .statistics import placement_statistics

# ---------------------------------------------------------------------------------------------------------
# Serializers (output)


class PositionSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = m.Position
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            *POSITION_FIELDS,  # what a position's services accept, in the same order
            "status",
            "submitted_at",
            "reviewed_by_school",
            "reviewed_at",
            "review_comment",
            "compliance_findings",
            "archived_at",
            "archive_reason",
        ]
        read_only_fields = [
            "enterprise",
            "status",
            "submitted_at",
            "reviewed_by_school",
            "reviewed_at",
            "review_comment",
            "compliance_findings",
            "archived_at",
            "archive_reason",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)

    class Meta:
        model = m.Application
        fields = [
            "id",
            "student",
            "student_name",
            "position",
            "position_title",
            "status",
            "cv",
            "cover_letter",
            "score",
            "interview_at",
            "interview_place",
            "decided_at",
            "created_at",
        ]


class PlacementSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    photo_policy = serializers.SerializerMethodField(
        help_text="The photo rule its check-ins follow: its own checkin_photo, else its internship plan's, else off."
    )

    def get_photo_policy(self, obj) -> str:
        return obj.photo_policy()

    class Meta:
        model = m.Placement
        fields = [
            "id",
            "student",
            "student_name",
            "position",
            "position_title",
            "school",
            "enterprise",
            "enterprise_name",
            "school_mentor",
            "enterprise_mentor",
            "start_date",
            "end_date",
            "status",
            "source",
            "schedule",
            "attendance_mode",
            "checkin_photo",
            "photo_policy",
            "hired_by_host",
            "final_grade",
            "grade_breakdown",
            "end_reason",
            "termination_reason",
        ]


class CheckInSerializer(serializers.ModelSerializer):
    summary = serializers.SerializerMethodField(help_text="What the figures mean, in the request's language.")
    photo = serializers.SerializerMethodField(
        help_text="Where the check-in's photo is served (the student, the placement's mentors and the school's "
        "admin may open it), or null: none taken, or deleted after the retention period."
    )

    def get_summary(self, obj) -> str:
        return att_svc.checkin_summary(obj)

    def get_photo(self, obj) -> str | None:
        return checkin_photo_url(obj)

    class Meta:
        model = m.CheckIn
        # Raw coordinates are never sent back: the verdict and the distance are enough.
        fields = [
            "id",
            "placement",
            "client_key",
            "method",
            "direction",
            "occurred_at",
            "received_at",
            "work_date",
            "distance_m",
            "within_geofence",
            "qr_valid",
            "offline",
            "signals",
            "approval",
            "summary",
            "photo",
        ]


def checkin_photo_url(checkin: m.CheckIn) -> str | None:
    return f"/api/v1/placements/checkins/{checkin.pk}/photo/" if checkin.photo else None


_DATETIME = serializers.DateTimeField()


def _datetime_text(value) -> str | None:
    """What DateTimeField().to_representation() writes for a stored time (aware: in the current time zone, ISO
    8601, UTC as "Z"), without its lookups of settings and formats on every call; anything else goes to it."""
    if type(value) is not dt.datetime or value.tzinfo is None:
        return _DATETIME.to_representation(value)
    try:
        text = value.astimezone(timezone.get_current_timezone()).isoformat()
    except OverflowError:
        return _DATETIME.to_representation(value)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def checkin_output(checkin: m.CheckIn) -> dict:
    """CheckInSerializer's answer, written out: the check-in API answers each check-in of the morning surge, and
    a ModelSerializer builds its fields anew for every instance. A test keeps the two identical."""
    values = {name: getattr(checkin, name) for name in _ANSWERED}
    return _checkin_answer(values, att_svc.checkin_summary(checkin), checkin_photo_url(checkin))


def checkin_output_stored(stored: att_svc.DirectCheckIn) -> dict:
    """``checkin_output`` of a check-in the one statement stored, written from its values (no model instances:
    the morning surge's answer). A plain check-in has no photo. A test compares it with the serializer's."""
    v = stored.values
    summary = att_svc.summary_text(v["qr_valid"], v["distance_m"], v["within_geofence"], stored.radius)
    return _checkin_answer(v, summary, None)


# the check-in's columns the answer shows (the serializer's fields but the two it computes), by attname
_ANSWERED = tuple(
    m.CheckIn._meta.get_field(name).attname
    for name in CheckInSerializer.Meta.fields
    if name not in ("summary", "photo")
)


def _checkin_answer(v: dict, summary: str, photo: str | None) -> dict:
    return {
        "id": v["id"],
        "placement": v["placement_id"],
        "client_key": v["client_key"],
        "method": v["method"],
        "direction": v["direction"],
        "occurred_at": _datetime_text(v["occurred_at"]),
        "received_at": _datetime_text(v["received_at"]),
        "work_date": v["work_date"].isoformat(),  # as DateField().to_representation() writes a date
        "distance_m": v["distance_m"],
        "within_geofence": v["within_geofence"],
        "qr_valid": v["qr_valid"],
        "offline": v["offline"],
        "signals": v["signals"],
        "approval": v["approval"],
        "summary": summary,
        "photo": photo,
    }


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.WeeklyReport
        fields = [
            "id",
            "placement",
            "kind",
            "period_start",
            "period_end",
            "due_at",
            "tasks",
            "learnt",
            "problems",
            "hours",
            "status",
            "submitted_at",
            "score",
            "review_comment",
            "reviewed_at",
            "revision",
        ]


class AlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Alert
        fields = [
            "id",
            "kind",
            "severity",
            "placement",
            "title",
            "detail",
            "status",
            "escalation",
            "created_at",
            "resolution",
        ]


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.MatchingRound
        fields = [
            "id",
            "school",
            "group",
            "title",
            "max_choices",
            "ranking_deadline",
            "positions",
            "variant",
            "seed",
            "lottery",
            "stats",
            "status",
            "computed_at",
            "published_at",
        ]


# Input serializers


class RoundCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    position_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    max_choices = serializers.IntegerField(min_value=1, max_value=20, default=10)
    variant = serializers.ChoiceField(choices=m.MatchVariant.choices, default=m.MatchVariant.DA)
    participating_school_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="A group officer's round: the member schools taking part.",
    )
    school = serializers.IntegerField(
        required=False,
        help_text="Optional; must be your own school if given. A round "
        "always belongs to the school (or group) of whoever creates it.",
    )


class ReviewBatchInput(serializers.Serializer):
    report_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=100)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, help_text="Required to approve.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="Required to return.")
    return_for_revision = serializers.BooleanField(required=False, default=False)


class EndEarlyInput(serializers.Serializer):
    end_reason = serializers.ChoiceField(choices=[c for c in m.EndReason.choices if c[0] != m.EndReason.CANCELLED])
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="What happened; required when end_reason is other."
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CompleteInput(serializers.Serializer):
    hired_by_host = serializers.BooleanField(required=False, default=False)


class AssignMentorInput(serializers.Serializer):
    placement_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    school_mentor = serializers.IntegerField(required=False, help_text="A teacher of the school (school admin).")
    enterprise_mentor = serializers.IntegerField(required=False, help_text="A user of the host (enterprise admin).")


class CheckInInput(serializers.Serializer):
    placement = serializers.IntegerField()
    client_key = serializers.CharField(max_length=64)
    occurred_at = serializers.DateTimeField(required=False)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    accuracy_m = serializers.FloatField(required=False, allow_null=True)
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=200)
    qr_token = serializers.CharField(required=False, allow_blank=True, max_length=64)
    direction = serializers.ChoiceField(choices=["in", "out"], default="in")
    offline = serializers.BooleanField(default=False)
    photo = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="A photo taken at the workplace (JPEG or PNG; send the check-in as multipart/form-data). Kept, "
        "re-encoded without EXIF, when the placement's photo_policy is optional or required; required when it is "
        "required.",
    )


def checkin_input(data) -> dict:
    """CheckInInput's validated_data for the plain JSON body a phone sends, without building the serializer (about
    a fifth of a millisecond per check-in of the morning surge): each field is taken only when it is of the one
    simple type the serializer would return unchanged (an int placement, short ASCII strings, finite numbers,
    "in"/"out", a bool). Anything else - a form or multipart body, a photo, a string number, a non-ASCII key,
    a missing or wrong field - goes through CheckInInput itself, so every error and every conversion is the
    serializer's. A test compares the two on a range of bodies."""
    if type(data) is not dict or "photo" in data:
        return _valid(CheckInInput, data)
    out = {}
    for name, value in data.items():
        check = _CHECKIN_FAST.get(name)
        if check is None:
            if name in CheckInInput._declared_fields:
                return _valid(CheckInInput, data)
            continue  # the serializer ignores fields it does not declare
        ok, value = check(value)
        if not ok:
            return _valid(CheckInInput, data)
        out[name] = value
    if "placement" not in out or "client_key" not in out:
        return _valid(CheckInInput, data)
    out.setdefault("direction", "in")
    out.setdefault("offline", False)
    return out


def _fast_int(value):
    return type(value) is int, value


def _fast_text(max_length: int, allow_blank: bool):
    def check(value):
        if type(value) is not str or not value.isascii() or "\x00" in value:
            return False, None
        value = value.strip()
        return (bool(value) or allow_blank) and len(value) <= max_length, value

    return check


def _fast_number(value):
    if value is None:
        return True, None
    if type(value) is float or type(value) is int:
        try:
            number = float(value)
        except OverflowError:
            return False, None
        return math.isfinite(number), number
    return False, None


def _fast_datetime(value):
    # the serializer's own field (formats, time zone): only its errors go through the whole serializer
    if type(value) is not str:
        return False, None
    try:
        return True, _OCCURRED_AT.run_validation(value)
    except serializers.ValidationError:
        return False, None


_OCCURRED_AT = serializers.DateTimeField()
_CHECKIN_FAST = {
    "placement": _fast_int,
    "client_key": _fast_text(64, allow_blank=False),
    "occurred_at": _fast_datetime,
    "latitude": _fast_number,
    "longitude": _fast_number,
    "accuracy_m": _fast_number,
    "device_id": _fast_text(200, allow_blank=True),
    "qr_token": _fast_text(64, allow_blank=True),
    "direction": lambda value: (value in ("in", "out") and type(value) is str, value),
    "offline": lambda value: (type(value) is bool, value),
}


class ReportInput(serializers.Serializer):
    placement = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=m.ReportKind.choices, default="weekly")
    period_start = serializers.DateField()
    tasks = serializers.CharField()
    learnt = serializers.CharField()
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)


class ReviewInput(serializers.Serializer):
    score = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    return_for_revision = serializers.BooleanField(default=False)


# Choice sets of the inputs below, named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
SCHEDULE_KINDS = [("work", "work"), ("school", "school")]
INCIDENT_KINDS = [("incident", "incident"), ("injury", "injury")]
DOCUMENT_KINDS = [("signed_scan", "signed_scan"), ("guardian_consent", "guardian_consent")]


class PositionReviewInput(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ApplyInput(serializers.Serializer):
    cover_letter = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    skills = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)


class AdvanceInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(svc.ENTERPRISE_TRANSITIONS))
    interview_at = serializers.DateTimeField(required=False, allow_null=True)
    interview_place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    score = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RespondInput(serializers.Serializer):
    accept = serializers.BooleanField()


class GuardianInput(serializers.Serializer):
    guardian_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The version read; 409 if the terms changed since."
    )


class InsuranceInput(serializers.Serializer):
    policy_number = serializers.CharField(max_length=100)
    insurer = serializers.CharField(max_length=200)
    cover_start = serializers.DateField()
    cover_end = serializers.DateField()
    paid_by = serializers.ChoiceField(choices=["school", "enterprise"], default="school")


class EvaluationInput(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=100))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MentorInput(serializers.Serializer):
    school_mentor = serializers.IntegerField(required=False, min_value=1, help_text="A teacher id (school admin).")
    enterprise_mentor = serializers.IntegerField(
        required=False, min_value=1, help_text="A user id of the host (enterprise admin)."
    )


class TrainingInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.TrainingKind.choices)
    held_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)
    trainer = serializers.CharField(max_length=100)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class AttendanceModeInput(serializers.Serializer):
    mode = serializers.ChoiceField(choices=m.AttendanceMode.choices)


class PhotoPolicyInput(serializers.Serializer):
    policy = serializers.ChoiceField(
        choices=[("", "As the internship plan says"), *m.PhotoPolicy.choices],
        allow_blank=True,
        help_text="off, optional, required; empty: follow the internship plan (no plan: off).",
    )


class SchedulePeriod(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    kind = serializers.ChoiceField(choices=SCHEDULE_KINDS)


class ScheduleInput(serializers.Serializer):
    periods = SchedulePeriod(many=True, help_text="Alternating school and work periods (工学交替); empty clears it.")


class MentorRatingInput(serializers.Serializer):
    mentor_kind = serializers.ChoiceField(choices=m.MentorKind.choices)
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LeaveInput(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class MakeupInput(serializers.Serializer):
    work_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class IncidentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=INCIDENT_KINDS, default="incident")
    severity = serializers.ChoiceField(choices=m.IncidentSeverity.choices)
    occurred_at = serializers.DateTimeField(required=False, help_text="Defaults to now.")
    description = serializers.CharField(max_length=4000)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class WeekConfirmInput(serializers.Serializer):
    week_start = serializers.DateField(help_text="The Monday of the week.")
    days_present = serializers.ListField(child=serializers.DateField(), max_length=7)
    overtime_hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, default=0)
    night_shifts = serializers.IntegerField(min_value=0, max_value=7, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class HireInput(serializers.Serializer):
    hired = serializers.BooleanField(default=True)


class DocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DOCUMENT_KINDS)
    file = serializers.FileField(help_text="PDF or image, checked by content.")


class RankInput(serializers.Serializer):
    position_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=50)


class ScoreInput(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=100), help_text="Student id -> score."
    )


class ComputeInput(serializers.Serializer):
    variant = serializers.ChoiceField(choices=m.MatchVariant.choices, required=False)
    seed = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**31 - 1)


class ResolutionInput(serializers.Serializer):
    resolution = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()


class SelfFoundInput(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1, help_text="An approved enterprise on the platform.")
    title = serializers.CharField(max_length=120)
    occupation_code = serializers.CharField(max_length=12, help_text="CSCO 2022, e.g. 6-31-01-03.")
    duties = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    workplace_address = serializers.CharField(max_length=300)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    monthly_pay = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0)
    daily_hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=24, default=8)
    shift_start = serializers.TimeField(default="08:30")
    shift_end = serializers.TimeField(default="17:30")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SelfFoundDecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LeaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.LeaveRequest
        fields = ["id", "placement", "start_date", "end_date", "reason", "status", "decided_at"]


class IncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Incident
        fields = ["id", "placement", "kind", "severity", "occurred_at", "description"]


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.PrePlacementTraining
        fields = ["id", "placement", "kind", "held_on", "hours", "trainer", "content"]


class MentorRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.MentorRating
        fields = ["id", "placement", "mentor_kind", "score", "comment"]


class WeekConfirmationSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.AttendanceConfirmation
        fields = ["id", "placement", "week_start", "days_present", "overtime_hours", "night_shifts", "note"]


class SelfFoundSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = m.SelfFoundProposal
        fields = [
            "id",
            "student",
            "enterprise",
            "enterprise_name",
            "title",
            "occupation_code",
            "workplace_address",
            "monthly_pay",
            "start_date",
            "end_date",
            "status",
            "decision_comment",
            "placement",
        ]


def _valid(serializer_class, data):
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return s.validated_data


# ---------------------------------------------------------------------------------------------------------
# Views


class PingApi(ActorMixin, APIView):
    """A trivial authenticated JSON endpoint (the check-in benchmark compares against it)."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response({"ok": True, "role": self.actor.role, "time": timezone.now().isoformat()})


@archived_list_schema
class PositionViewSet(ActorMixin, ArchivedListMixin, ExportableListMixin, viewsets.ModelViewSet):
    export_name, export_title, export_columns = "positions", gettext_lazy("Positions"), POSITION_COLUMNS
    serializer_class = PositionSerializer
    queryset = (
        m.Position.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]
    search_fields = ["title", "enterprise__name", "workplace_address"]
    filterset_fields = ["status", "enterprise"]

    def get_queryset(self):
        return selectors.position_list(actor=self.actor, archived=self.archived_filter()).order_by("-created_at", "-id")

    def create(self, request):
        s = PositionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        position = svc.position_create(actor=self.actor, data=data)
        return Response(PositionSerializer(position).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        position = self.get_object()
        s = PositionSerializer(position, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        position = svc.position_update(actor=self.actor, position=position, data=dict(s.validated_data))
        return Response(PositionSerializer(position).data)

    @extend_schema(request=None, responses=PositionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The enterprise sends a draft post to the school for review (rules are checked first)."""
        return Response(PositionSerializer(svc.position_submit(actor=self.actor, position=self.get_object())).data)

    @extend_schema(
        request=PositionReviewInput,
        responses=PositionSerializer,
        examples=[OpenApiExample("Return for changes", value={"approve": False, "comment": "请写明夜班安排"})],
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The school approves the post or returns it with a comment."""
        position = self.get_object()
        data = _valid(PositionReviewInput, request.data)
        position = svc.position_review(
            actor=self.actor, position=position, approve=data["approve"], comment=data["comment"]
        )
        return Response(PositionSerializer(position).data)

    @extend_schema(request=ApplyInput, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        position = self.get_object()
        data = _valid(ApplyInput, request.data)
        application = svc.application_submit(actor=self.actor, position=position, **data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PositionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The enterprise stops taking applications for the post."""
        return Response(PositionSerializer(svc.position_close(actor=self.actor, position=self.get_object())).data)


class ApplicationViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ApplicationSerializer
    queryset = (
        m.Application.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset
    filterset_fields = ["status", "position"]

    def get_queryset(self):
        return selectors.application_list(actor=self.actor).order_by("-created_at", "-id")

    @extend_schema(
        request=AdvanceInput,
        responses=ApplicationSerializer,
        examples=[
            OpenApiExample(
                "Invite to an interview",
                value={"action": "interview", "interview_at": "2027-03-02T14:00:00+08:00", "interview_place": "二楼"},
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """The enterprise's steps: shortlist, interview, offer, reject, cancel an interview, rescind an offer."""
        application = self.get_object()
        data = _valid(AdvanceInput, request.data)
        application = svc.application_advance(actor=self.actor, application=application, **data)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=RespondInput, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The student accepts or declines an offer."""
        application = self.get_object()
        data = _valid(RespondInput, request.data)
        return Response(
            ApplicationSerializer(
                svc.application_respond(actor=self.actor, application=application, accept=data["accept"])
            ).data
        )

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The student withdraws an open application."""
        return Response(
            ApplicationSerializer(svc.application_withdraw(actor=self.actor, application=self.get_object())).data
        )


class RoundViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    queryset = (
        m.MatchingRound.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset

    def get_queryset(self):
        return selectors.round_list(actor=self.actor)

    @extend_schema(request=RoundCreateInput, responses={201: RoundSerializer})
    def create(self, request):
        data = _valid(RoundCreateInput, request.data)
        if data.get("school") is not None and data["school"] != self.actor.organization_id:
            raise ValidationFailed(
                _("A round belongs to the school of whoever creates it; another school cannot be chosen."),
                errors={"school": [_("Not your school.")]},
            )
        rnd = match_svc.round_create(
            actor=self.actor,
            title=data["title"],
            position_ids=data["position_ids"],
            max_choices=data["max_choices"],
            variant=data["variant"],
            participating_school_ids=data.get("participating_school_ids") or None,
        )
        return Response(RoundSerializer(rnd).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RankInput, responses=dict)
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        """The student ranks the round's posts, first choice first."""
        rnd = self.get_object()
        data = _valid(RankInput, request.data)
        choices = match_svc.round_rank(actor=self.actor, rnd=rnd, position_ids=data["position_ids"])
        return Response({"ranked": [c.position_id for c in choices]})

    @extend_schema(
        request=ScoreInput,
        responses=dict,
        examples=[OpenApiExample("Two students", value={"position": 12, "scores": {"301": 88, "302": 75}})],
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """The enterprise scores the students who ranked one of its posts (student id -> 0..100)."""
        rnd = self.get_object()
        data = _valid(ScoreInput, request.data)
        position = selectors.position_get(actor=self.actor, pk=data["position"])
        n = match_svc.round_score(actor=self.actor, rnd=rnd, position=position, scores=data["scores"])
        return Response({"scored": n})

    @extend_schema(request=ComputeInput, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """The school computes the assignment (the seed makes the lottery repeatable)."""
        rnd = self.get_object()
        data = _valid(ComputeInput, request.data)
        rnd = match_svc.round_compute(actor=self.actor, rnd=rnd, variant=data.get("variant"), seed=data.get("seed"))
        return Response(RoundSerializer(rnd).data)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response(RoundSerializer(match_svc.round_publish(actor=self.actor, rnd=self.get_object())).data)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        placements = match_svc.round_convert(actor=self.actor, rnd=self.get_object())
        return Response({"placements": [p.pk for p in placements]})

    def retrieve(self, request, *args, **kwargs):
        rnd = self.get_object()
        data = RoundSerializer(rnd).data
        data["lottery"] = selectors.round_view_for(actor=self.actor, rnd=rnd)["lottery"]
        return Response(data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        items = (
            response.data["results"]
            if isinstance(response.data, dict) and "results" in response.data
            else response.data
        )
        full = perms.sees_whole_round(self.actor)
        for item in items:
            if not full:
                item["lottery"] = {}
        return response

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        view = selectors.round_view_for(actor=self.actor, rnd=self.get_object())
        return Response(
            [
                {
                    "student": r["student"].pk,
                    "student_name": r["student"].name,
                    "position": r["position"].pk if r["position"] else None,
                    "position_title": r["position"].title if r["position"] else None,
                    "choice_rank": r["choice_rank"],
                    "explanation": {"items": r["explanation"]},
                }
                for r in view["rows"]
            ]
        )

    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request, pk=None):
        rnd = self.get_object()
        if not perms.may_export_round(self.actor):
            raise PermissionDenied(_("Students cannot export rounds."))
        response = HttpResponse(
            match_svc.round_export_xlsx(rnd, selectors.round_view_for(actor=self.actor, rnd=rnd)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="round-{rnd.pk}.xlsx"'
        return response


class PlacementViewSet(ActorMixin, ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    export_name, export_title, export_columns = "placements", gettext_lazy("Placements"), PLACEMENT_COLUMNS
    serializer_class = PlacementSerializer
    queryset = (
        m.Placement.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset
    filterset_fields = ["status", "enterprise", "school"]

    def get_queryset(self):
        return selectors.placement_list(actor=self.actor).order_by("-start_date", "id")

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["post"])
    def agreement(self, request, pk=None):
        agreement = svc.agreement_generate(actor=self.actor, placement=self.get_object())
        return Response(
            {
                "version": agreement.version,
                "terms": agreement.terms,
                "pdf": reverse("placements:agreement-pdf", args=[agreement.placement_id]) if agreement.pdf else None,
            }
        )

    @extend_schema(request=GuardianInput, responses=dict)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """A party confirms the agreement version it read (409 when the terms changed since)."""
        placement = self.get_object()
        data = _valid(GuardianInput, request.data)
        agreement = svc.agreement_confirm(actor=self.actor, placement=placement, **data)
        return Response({"fully_confirmed": agreement.fully_confirmed, "version": agreement.version})

    @extend_schema(request=InsuranceInput, responses=dict)
    @action(detail=True, methods=["post"])
    def insurance(self, request, pk=None):
        placement = self.get_object()
        insurance = svc.insurance_record(actor=self.actor, placement=placement, **_valid(InsuranceInput, request.data))
        return Response({"policy_number": insurance.policy_number, "insurer": insurance.insurer})

    @extend_schema(request=None, responses={200: OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="agreement-pdf")
    def agreement_pdf(self, request, pk=None):
        """The agreement as a PDF, made from the current record (a new version when the terms changed)."""
        placement = self.get_object()
        agreement, data = svc.agreement_current_pdf(actor=self.actor, placement=placement)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="agreement-{placement.pk}-v{agreement.version}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(request={"multipart/form-data": DocumentInput}, responses=dict)
    @action(detail=True, methods=["post"], url_path="documents", parser_classes=[MultiPartParser])
    def documents(self, request, pk=None):
        """Keep the signed agreement's scan or the guardian's written consent (PDF or image)."""
        placement = self.get_object()
        data = _valid(DocumentInput, request.data)
        agreement = svc.agreement_attach(actor=self.actor, placement=placement, kind=data["kind"], upload=data["file"])
        return Response({"version": agreement.version, "signed_scan_version": agreement.signed_scan_version})

    @extend_schema(request=MentorInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def mentor(self, request, pk=None):
        """Assign this placement's school mentor (school admin) or enterprise mentor (enterprise admin)."""
        placement = self.get_object()
        data = _valid(MentorInput, request.data)
        placement = svc.placement_assign_mentor(
            actor=self.actor,
            placement=placement,
            school_mentor_id=data.get("school_mentor"),
            enterprise_mentor_id=data.get("enterprise_mentor"),
        )
        return Response(PlacementSerializer(placement).data)

    @extend_schema(request=TrainingInput, responses={201: TrainingSerializer})
    @action(detail=True, methods=["post"])
    def training(self, request, pk=None):
        """Record the pre-placement safety or job training (hours, trainer)."""
        placement = self.get_object()
        training = svc.training_record(actor=self.actor, placement=placement, **_valid(TrainingInput, request.data))
        return Response(TrainingSerializer(training).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceModeInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], url_path="attendance-mode")
    def attendance_mode(self, request, pk=None):
        placement = self.get_object()
        data = _valid(AttendanceModeInput, request.data)
        return Response(
            PlacementSerializer(
                svc.placement_set_attendance_mode(actor=self.actor, placement=placement, mode=data["mode"])
            ).data
        )

    @extend_schema(request=PhotoPolicyInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], url_path="photo-policy")
    def photo_policy(self, request, pk=None):
        """Whether this placement's check-ins carry a photo (the school's admin or the student's school mentor)."""
        placement = self.get_object()
        data = _valid(PhotoPolicyInput, request.data)
        return Response(
            PlacementSerializer(
                att_svc.placement_set_photo_policy(actor=self.actor, placement=placement, policy=data["policy"])
            ).data
        )

    @extend_schema(
        request=ScheduleInput,
        responses=PlacementSerializer,
        examples=[
            OpenApiExample(
                "Alternating terms",
                value={
                    "periods": [
                        {"start": "2027-03-01", "end": "2027-04-30", "kind": "work"},
                        {"start": "2027-05-01", "end": "2027-06-30", "kind": "school"},
                    ]
                },
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        """Set the alternating school and work periods (工学交替)."""
        placement = self.get_object()
        data = _valid(ScheduleInput, request.data)
        periods = [{"start": str(p["start"]), "end": str(p["end"]), "kind": p["kind"]} for p in data["periods"]]
        return Response(
            PlacementSerializer(
                svc.placement_set_schedule(actor=self.actor, placement=placement, schedule=periods)
            ).data
        )

    @extend_schema(request=MentorRatingInput, responses=MentorRatingSerializer)
    @action(detail=True, methods=["post"], url_path="rate-mentor")
    def rate_mentor(self, request, pk=None):
        """The student rates a mentor from 1 to 5."""
        placement = self.get_object()
        rating = svc.mentor_rate(actor=self.actor, placement=placement, **_valid(MentorRatingInput, request.data))
        return Response(MentorRatingSerializer(rating).data)

    @extend_schema(request=LeaveInput, responses={201: LeaveSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The student asks for leave within the placement."""
        placement = self.get_object()
        leave = att_svc.leave_request(actor=self.actor, placement=placement, **_valid(LeaveInput, request.data))
        return Response(LeaveSerializer(leave).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MakeupInput, responses={201: CheckInSerializer})
    @action(detail=True, methods=["post"])
    def makeup(self, request, pk=None):
        """The student asks for a make-up check-in for a missed day; a mentor decides."""
        placement = self.get_object()
        checkin = att_svc.makeup_request(actor=self.actor, placement=placement, **_valid(MakeupInput, request.data))
        return Response(CheckInSerializer(checkin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IncidentInput, responses={201: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def incidents(self, request, pk=None):
        """Report an incident or an injury; serious ones raise an alert at once."""
        placement = self.get_object()
        data = _valid(IncidentInput, request.data)
        data.setdefault("occurred_at", timezone.now())
        incident = alerts_svc.incident_report(actor=self.actor, placement=placement, **data)
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoteInput, responses={200: AlertSerializer, 204: None})
    @action(detail=True, methods=["post"], url_path="left-post")
    def left_post(self, request, pk=None):
        """The host reports that the student left the post."""
        placement = self.get_object()
        alert = alerts_svc.left_post_report(
            actor=self.actor, placement=placement, note=_valid(NoteInput, request.data)["note"]
        )
        if alert is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(AlertSerializer(alert).data)

    @extend_schema(request=WeekConfirmInput, responses=WeekConfirmationSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-week")
    def confirm_week(self, request, pk=None):
        """The mentor confirms a week's attendance (placements taken weekly instead of by daily check-in)."""
        placement = self.get_object()
        confirmation = att_svc.attendance_confirm_week(
            actor=self.actor, placement=placement, **_valid(WeekConfirmInput, request.data)
        )
        return Response(WeekConfirmationSerializer(confirmation).data)

    @extend_schema(request=HireInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        """Record that the host hired the student after the placement."""
        placement = self.get_object()
        data = _valid(HireInput, request.data)
        return Response(
            PlacementSerializer(
                svc.placement_record_hire(actor=self.actor, placement=placement, hired=data["hired"])
            ).data
        )

    @extend_schema(request=None, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return Response(PlacementSerializer(svc.placement_start(actor=self.actor, placement=self.get_object())).data)

    @extend_schema(request=AssignMentorInput, responses=PlacementSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="assign-mentor")
    def assign_mentor(self, request):
        """One mentor for several placements at once, all or none, within the mentor's cap."""
        data = _valid(AssignMentorInput, request.data)
        done = svc.placements_assign_mentor(
            actor=self.actor,
            placement_ids=data["placement_ids"],
            school_mentor_id=data.get("school_mentor"),
            enterprise_mentor_id=data.get("enterprise_mentor"),
        )
        return Response(PlacementSerializer(done, many=True).data)

    @extend_schema(request=CompleteInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        placement = self.get_object()  # out of scope answers 404 before the body is read
        data = _valid(CompleteInput, request.data)
        return Response(
            PlacementSerializer(
                svc.placement_complete(actor=self.actor, placement=placement, hired_by_host=data["hired_by_host"])
            ).data
        )

    @extend_schema(request=EndEarlyInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        """End an active placement before its term, with the reason category (and words for "other")."""
        placement = self.get_object()  # out of scope answers 404 before the body is read
        data = _valid(EndEarlyInput, request.data)
        return Response(
            PlacementSerializer(
                svc.placement_terminate(
                    actor=self.actor, placement=placement, end_reason=data["end_reason"], reason=data.get("reason", "")
                )
            ).data
        )

    @extend_schema(request=ReasonInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a planned placement before it began."""
        placement = self.get_object()  # out of scope answers 404 before the body is read
        data = _valid(ReasonInput, request.data)
        return Response(
            PlacementSerializer(svc.placement_cancel(actor=self.actor, placement=placement, reason=data["reason"])).data
        )

    @extend_schema(request=ReasonInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The school undoes an end or a cancellation within two weeks."""
        placement = self.get_object()  # out of scope answers 404 before the body is read
        data = _valid(ReasonInput, request.data)
        return Response(
            PlacementSerializer(svc.placement_reopen(actor=self.actor, placement=placement, reason=data["reason"])).data
        )

    @action(detail=True, methods=["get"])
    def blockers(self, request, pk=None):
        return Response({"blockers": [str(b) for b in svc.start_blockers(self.get_object())]})

    @extend_schema(request=EvaluationInput, responses=dict)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        placement = self.get_object()
        evaluation = rep_svc.evaluation_submit(
            actor=self.actor, placement=placement, **_valid(EvaluationInput, request.data)
        )
        return Response({"kind": evaluation.evaluator_kind, "total": float(evaluation.total)})

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        placement = rep_svc.grade_compute(actor=self.actor, placement=self.get_object())
        return Response({"final_grade": float(placement.final_grade), "breakdown": placement.grade_breakdown})

    @action(detail=True, methods=["get"], url_path="qr")
    def qr(self, request, pk=None):
        from .engines.attendance import qr_token, qr_window

        placement = self.get_object()
        if not perms.may_show_workplace_code(self.actor, placement.position):
            raise PermissionDenied(_("Only the enterprise shows the QR code."))
        now = timezone.now()
        return Response(
            {
                "token": qr_token(svc.position_qr_secret(placement.position), placement.position_id, qr_window(now)),
                "valid_seconds": 60 - int(now.timestamp()) % 60,
            }
        )


class CheckInViewSet(ActorMixin, viewsets.GenericViewSet):
    serializer_class = CheckInSerializer
    queryset = (
        m.CheckIn.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset

    def get_queryset(self):
        return selectors.checkin_list(actor=self.actor).order_by("-occurred_at", "-id")

    def list(self, request):
        qs = self.get_queryset()
        placement = request.query_params.get("placement")
        if placement:
            qs = qs.filter(placement_id=placement)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CheckInSerializer(page, many=True).data)

    @extend_schema(
        request={"application/json": CheckInInput, "multipart/form-data": CheckInInput},
        responses={201: CheckInSerializer, 200: CheckInSerializer},
    )
    def create(self, request):
        """Idempotent: the same client_key returns the stored check-in with 200 instead of 201. With a photo, send
        multipart/form-data; without one, JSON (the fast path)."""
        tried = getattr(request, "checkin_by_token", None)  # checkin_collection's try
        data = checkin_input(request.data)
        checkin, created = att_svc.checkin_submit(
            actor=self.actor,
            placement_id=data.pop("placement"),
            direct_tried=tried is not None and tried.tried,
            **data,
        )
        return Response(checkin_output(checkin), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_authentication(self, request):
        """A check-in whose token ``checkin_collection`` has already read (and found: an active user) is
        authenticated with what it read, as TokenAuthentication would have; anything else the usual way."""
        tried = getattr(request, "checkin_by_token", None)
        if self.action == "create" and tried is not None and tried.credentials is not None:
            request.user, request.auth = tried.credentials()
            request._authenticator = request.authenticators[0]
        super().perform_authentication(request)

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def photo(self, request, pk=None):
        """The check-in's photo (JPEG): the student, the placement's mentors and the school's admin; 404 otherwise."""
        from workbridge.core.exceptions import NotFound
        from workbridge.core.uploads import serve_upload

        checkin = selectors.checkin_get(actor=self.actor, pk=pk)
        if not checkin.photo or not perms.may_see_checkin_photos(self.actor, checkin.placement):
            raise NotFound(_("No such photo."))
        response = serve_upload(checkin.photo, download_name=f"checkin-{checkin.pk}")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    @extend_schema(request=DecisionInput, responses=CheckInSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """A mentor approves or refuses a make-up check-in."""
        checkin = self.get_object()
        data = _valid(DecisionInput, request.data)
        return Response(
            CheckInSerializer(att_svc.makeup_decide(actor=self.actor, checkin=checkin, approve=data["approve"])).data
        )


class _CheckInByToken(NamedTuple):
    tried: bool  # the one statement ran (it is not run again the usual way)
    checkin: att_svc.DirectCheckIn | None  # what it stored
    credentials: Callable[[], tuple] | None  # (user, token) it read, built when asked: an active user's token


_checkin_collection_drf = CheckInViewSet.as_view({"get": "list", "post": "create"})


# the viewset's class, actions and CSRF exemption (what the schema, the permission matrix and Django read of a view)
@functools.wraps(_checkin_collection_drf, assigned=("__module__",))
def checkin_collection(request, *args, **kwargs):
    """The check-ins' collection (GET lists, POST checks in), with the morning surge's plain check-in answered
    in front of DRF: a phone's JSON check-in over its API token is authenticated and stored in one round trip
    (``att_svc.checkin_submit_by_token``; the statement stores it only for the student the token's bearer acts
    as) and answered as CheckInViewSet would answer it - the same status, body and headers - without DRF's
    request, negotiation, authentication classes and renderer around it, about a fifth of a check-in's Python
    (bench/README.md, sixteenth pass). Anything else - another method, no token or another scheme, an unknown
    token, an inactive user, another role, a body that is not a plain check-in, an answer asked for in another
    form, a rule on the view beyond "authenticated" - goes to CheckInViewSet, which answers it the usual way, as
    it always did (a token already read is not read again: ``perform_authentication``)."""
    tried = _checkin_by_token(request) if request.method == "POST" else None
    if tried is not None and tried.checkin is not None:
        return _checkin_stored_answer(request, tried)
    request.checkin_by_token = tried
    return _checkin_collection_drf(request, *args, **kwargs)


# A plain check-in's body is about 200 bytes; a longer one is read the usual way.
_PLAIN_BODY_MAX = 4096
# Accept headers for which DRF picks CheckInViewSet's first renderer (JSON) whatever else it has.
_PLAIN_JSON_ACCEPTS = frozenset({"application/json", "*/*"})


def _checkin_by_token(request) -> _CheckInByToken | None:
    """checkin_collection's try, on Django's request: None when it is not a plain JSON check-in over an API token
    that may be stored before DRF authenticates it (nothing was read or stored), otherwise what the one statement
    did."""
    view = CheckInViewSet
    if (
        view.throttle_classes
        or list(view.permission_classes) != [IsAuthenticated]
        or not view.authentication_classes
        or view.authentication_classes[0] is not TokenAuthentication
        or view.renderer_classes[0] is not JSONRenderer
        or request.content_type != "application/json"
        or request.content_params.get("charset", "utf-8").lower() != "utf-8"
    ):
        return None  # DRF would ask another rule, another authentication or another parser first
    length = request.META.get("CONTENT_LENGTH", "")
    if not length.isdigit() or int(length) > _PLAIN_BODY_MAX:
        return None
    key = token_key(request)
    if key is None or not _answered_as_json(request):
        return None  # no token (the web page's check-in, over its session), or another kind of answer
    try:
        data = checkin_input(json_object(request.body, "utf-8"))
    except (ValidationFailed, APIException):
        return None  # answered the usual way, after authentication (401 first), with the same error
    row, checkin = att_svc.checkin_submit_by_token(token_key=key, placement_id=data.pop("placement"), **data)
    if row is None:
        return None  # an unknown token, or not a plain check-in: nothing was read
    if checkin is not None:  # stored: the statement found an active user acting as the student
        return _CheckInByToken(True, checkin, functools.cache(functools.partial(credentials_from_row, key, row)))
    found = credentials_from_row(key, row)
    return _CheckInByToken(True, None, None if found is None else lambda: found)  # None: an inactive user


def _answered_as_json(request) -> bool:
    """Whether CheckInViewSet would answer this request in compact JSON (its first renderer, no indent): at once
    for the Accept headers phones send, by DRF's own negotiation for any other."""
    accept = request.META.get("HTTP_ACCEPT")
    if accept is None or accept in _PLAIN_JSON_ACCEPTS:
        return True
    view = CheckInViewSet
    renderers = [renderer() for renderer in view.renderer_classes]
    try:
        renderer, media_type = view.content_negotiation_class().select_renderer(Request(request), renderers)
    except APIException:  # nothing acceptable: DRF answers 406
        return False
    return type(renderer) is JSONRenderer and renderer.get_indent(media_type, {}) is None


def _checkin_stored_answer(request, tried: _CheckInByToken) -> HttpResponse:
    """CheckInViewSet's answer to a check-in the one statement stored: 201, the JSON renderer's body, the
    headers DRF sets (a test compares the two answers whole)."""
    # as DRF sets them on Django's request, for whatever runs after; built only if something asks (nothing does)
    request.user = SimpleLazyObject(lambda: tried.credentials()[0])
    request.auth = SimpleLazyObject(lambda: tried.credentials()[1])
    answer = HttpResponse(
        JSONRenderer().render(checkin_output_stored(tried.checkin)),
        status=status.HTTP_201_CREATED,
        content_type=JSONRenderer.media_type,
    )
    answer.headers["Allow"] = _CHECKIN_COLLECTION_ALLOW
    patch_vary_headers(answer, ["Accept"])
    return answer


def _allowed_methods(view) -> str:
    """The Allow header DRF gives a viewset's answers: its actions' methods, HEAD with GET, and OPTIONS."""
    methods = {*view.actions, "options", *(("head",) if "get" in view.actions else ())}
    return ", ".join(method.upper() for method in view.cls.http_method_names if method in methods)


_CHECKIN_COLLECTION_ALLOW = _allowed_methods(_checkin_collection_drf)


class ReportViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer
    queryset = (
        m.WeeklyReport.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset
    filterset_fields = ["status", "placement", "kind"]

    def get_queryset(self):
        return selectors.report_list(actor=self.actor).order_by("-period_start", "-id")

    @extend_schema(request=ReviewBatchInput, responses=ReportSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="review-batch")
    def review_batch(self, request):
        """Review several reports at once (all or none): approve with one score or return with one comment."""
        data = _valid(ReviewBatchInput, request.data)
        done = rep_svc.reports_review_batch(
            actor=self.actor,
            report_ids=data["report_ids"],
            score=data.get("score"),
            comment=data.get("comment", ""),
            return_for_revision=data["return_for_revision"],
        )
        return Response(ReportSerializer(done, many=True).data)

    @extend_schema(request=ReportInput, responses={201: ReportSerializer})
    def create(self, request):
        data = _valid(ReportInput, request.data)
        placement = selectors.placement_get(actor=self.actor, pk=data.pop("placement"))
        report = rep_svc.report_submit(actor=self.actor, placement=placement, **data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewInput, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = _valid(ReviewInput, request.data)
        return Response(
            ReportSerializer(rep_svc.report_review(actor=self.actor, report=self.get_object(), **data)).data
        )


class AlertViewSet(ActorMixin, ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    export_name, export_title, export_columns = "alerts", gettext_lazy("Alerts"), ALERT_COLUMNS
    serializer_class = AlertSerializer
    queryset = (
        m.Alert.objects.none()
    )  # the model, for the schema and the permission matrix; rows come from get_queryset

    def get_queryset(self):
        # The status filter narrows the list only: a resolved alert stays reachable by its id.
        status = (self.request.query_params.get("status", "open") or None) if self.action == "list" else None
        return selectors.alert_list(actor=self.actor, status=status).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return Response(AlertSerializer(alerts_svc.alert_acknowledge(actor=self.actor, alert=self.get_object())).data)

    @extend_schema(request=ResolutionInput, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        alert = self.get_object()
        data = _valid(ResolutionInput, request.data)
        return Response(
            AlertSerializer(alerts_svc.alert_resolve(actor=self.actor, alert=alert, resolution=data["resolution"])).data
        )


class LeaveViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Leave requests of the placements the caller may see; mentors decide them."""

    serializer_class = LeaveSerializer
    queryset = m.LeaveRequest.objects.none()  # the model, for the schema and the permission matrix
    filterset_fields = ["status", "placement"]

    def get_queryset(self):
        return selectors.leave_list(actor=self.actor).order_by("-start_date", "-id")

    @extend_schema(request=DecisionInput, responses=LeaveSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        leave = self.get_object()
        data = _valid(DecisionInput, request.data)
        return Response(
            LeaveSerializer(att_svc.leave_decide(actor=self.actor, leave=leave, approve=data["approve"])).data
        )


class SelfFoundViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Self-found placements (自主实习): the student proposes, the school approves or refuses."""

    serializer_class = SelfFoundSerializer
    queryset = m.SelfFoundProposal.objects.none()  # the model, for the schema and the permission matrix
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.proposal_list(actor=self.actor).order_by("-id")

    @extend_schema(request=SelfFoundInput, responses={201: SelfFoundSerializer})
    def create(self, request):
        data = _valid(SelfFoundInput, request.data)
        enterprise_id = data.pop("enterprise")
        proposal = svc.self_found_propose(actor=self.actor, enterprise_id=enterprise_id, data=data)
        return Response(SelfFoundSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SelfFoundDecideInput, responses=SelfFoundSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        proposal = self.get_object()
        data = _valid(SelfFoundDecideInput, request.data)
        return Response(SelfFoundSerializer(svc.self_found_decide(actor=self.actor, proposal=proposal, **data)).data)


class StatisticsApi(ActorMixin, APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        """Placement figures the caller may see, by school (default), major or enterprise (?by=), and in total."""
        return Response(placement_statistics(actor=self.actor, by=request.query_params.get("by", "school")))


# ---------------------------------------------------------------------------------------------------------
# Internship plans


class PlanSerializer(serializers.ModelSerializer):
    cohorts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    school_mentors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = m.InternshipPlan
        fields = [
            "id",
            "school",
            "title",
            "kind",
            "course",
            "start_date",
            "end_date",
            "min_weeks",
            "cohorts",
            "school_mentors",
            "grade_weights",
            "min_weekly_reports",
            "min_report_chars",
            "final_report_required",
            "final_report_template",
            "final_report_due",
            "checkin_photo",
            "status",
        ]


class PlanInput(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=m.PlanKind.choices, default=m.PlanKind.POST)
    course = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    min_weeks = serializers.IntegerField(min_value=0, max_value=104, default=0)
    cohorts = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    school_mentors = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=500
    )
    grade_weights = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1),
        required=False,
        help_text="enterprise, school, reports, attendance; adding up to 1. The school's settings when left out.",
    )
    min_weekly_reports = serializers.IntegerField(min_value=0, max_value=60, default=0)
    min_report_chars = serializers.IntegerField(min_value=0, max_value=5000, default=0)
    final_report_required = serializers.BooleanField(default=True)
    final_report_template = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    final_report_due = serializers.DateField(required=False, allow_null=True)
    checkin_photo = serializers.ChoiceField(
        choices=m.PhotoPolicy.choices,
        default=m.PhotoPolicy.OFF,
        help_text="Photo with each check-in, the default of the plan's placements: off, optional, required.",
    )


class PlanStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[m.PlanStatus.OPEN, m.PlanStatus.CLOSED])


class PlanProgressRow(serializers.Serializer):
    student = serializers.IntegerField(source="student.pk")
    student_number = serializers.CharField(source="student.student_number")
    placement = serializers.IntegerField(source="placement.pk", allow_null=True, default=None)
    weekly_reports = serializers.IntegerField()
    reviewed_reports = serializers.IntegerField()
    final_report = serializers.BooleanField()
    grade = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class PlanViewSet(ActorMixin, ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    """Internship plans (实习计划): the school's staff prepare, open and close them; a student reads their class's."""

    export_name, export_title, export_columns = "internship-plans", gettext_lazy("Internship plans"), PLAN_COLUMNS
    serializer_class = PlanSerializer
    queryset = m.InternshipPlan.objects.none()  # the model, for the schema and the permission matrix
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return selectors.plan_list(actor=self.actor).order_by("-start_date", "-id")

    @extend_schema(
        request=PlanInput,
        responses={201: PlanSerializer},
        examples=[
            OpenApiExample(
                "A post internship",
                value={
                    "title": "2024级机电一体化 岗位实习",
                    "kind": "post",
                    "start_date": "2027-03-01",
                    "end_date": "2027-08-31",
                    "min_weeks": 24,
                    "cohorts": [3],
                    "min_weekly_reports": 10,
                    "min_report_chars": 400,
                    "final_report_due": "2027-09-10",
                },
            )
        ],
    )
    def create(self, request):
        data = _valid(PlanInput, request.data)
        plan = plans_svc.plan_create(
            actor=self.actor,
            title=data["title"],
            kind=data["kind"],
            course_id=data.get("course"),
            start_date=data["start_date"],
            end_date=data["end_date"],
            min_weeks=data["min_weeks"],
            cohort_ids=data["cohorts"],
            mentor_ids=data["school_mentors"],
            grade_weights=data.get("grade_weights"),
            min_weekly_reports=data["min_weekly_reports"],
            min_report_chars=data["min_report_chars"],
            final_report_required=data["final_report_required"],
            final_report_template=data["final_report_template"],
            final_report_due=data.get("final_report_due"),
            checkin_photo=data["checkin_photo"],
        )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanStatusInput, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Open a prepared plan (its students' placements within its dates join it), or close a running one."""
        plan = self.get_object()
        data = _valid(PlanStatusInput, request.data)
        return Response(
            PlanSerializer(plans_svc.plan_set_status(actor=self.actor, plan=plan, status=data["status"])).data
        )

    @extend_schema(request=None, responses=PlanProgressRow(many=True))
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """One row per student of the plan's classes: placed or not, weekly reports in and reviewed, the grade."""
        plan = self.get_object()
        if not perms.sees_plan_progress(self.actor):
            raise PermissionDenied(_("Progress is for the school's staff."))
        return Response(PlanProgressRow(selectors.plan_progress(actor=self.actor, plan=plan).rows, many=True).data)
