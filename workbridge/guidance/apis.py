"""The guidance API: every page action has its twin here, calling the same service."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin

from . import selectors, services
from .models import CounsellingKind, CounsellingRequest, GuidanceSession, Mood, SessionKind, WellbeingCheck
from .permissions import reads_counselling_note


class SessionOut(serializers.ModelSerializer):
    present = serializers.IntegerField(read_only=True)
    invited = serializers.IntegerField(read_only=True)

    class Meta:
        model = GuidanceSession
        fields = ["id", "kind", "title", "held_on", "place", "hours", "cohort", "present", "invited"]


class SessionIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    held_on = serializers.DateField()
    cohort = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal("40"), default=2
    )


class AttendanceIn(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), help_text="Student ids present; others absent.")


class CounsellingOut(serializers.ModelSerializer):
    private_note = serializers.SerializerMethodField(help_text="Only for the counsellor and the student.")
    wish = serializers.SerializerMethodField(help_text="Only for the counsellor and the student.")

    def _reads(self, obj) -> bool:
        return reads_counselling_note(self.context["actor"], obj)

    def get_private_note(self, obj) -> str | None:
        return obj.private_note if self._reads(obj) else None

    def get_wish(self, obj) -> str | None:
        return obj.wish if self._reads(obj) else None

    class Meta:
        model = CounsellingRequest
        fields = ["id", "student", "kind", "status", "counsellor", "scheduled_at", "place", "wish", "private_note"]


class CounsellingIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CounsellingKind.choices)
    wish = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ScheduleIn(serializers.Serializer):
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class HeldIn(serializers.Serializer):
    private_note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class WellbeingOut(serializers.ModelSerializer):
    class Meta:
        model = WellbeingCheck
        fields = ["id", "student", "week_start", "mood", "wants_talk", "note", "flagged", "seen_at"]


class WellbeingIn(serializers.Serializer):
    mood = serializers.ChoiceField(choices=Mood.choices)
    wants_talk = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class Sessions(ActorMixin, APIView):
    @extend_schema(responses=SessionOut(many=True))
    def get(self, request):
        """Guidance sessions (pre-placement, career, mental health) the caller may see, newest 200, with how many
        students were invited and present."""
        return Response(SessionOut(selectors.session_list(actor=self.actor)[:200], many=True).data)

    @extend_schema(request=SessionIn, responses={201: SessionOut})
    def post(self, request):
        """Plan a session for a class (its students are put on the attendance sheet)."""
        data = _valid(SessionIn, request.data)
        session = services.session_create(actor=self.actor, cohort_id=data.pop("cohort", None), **data)
        return Response(
            SessionOut(selectors.session_get(actor=self.actor, pk=session.pk)).data, status=status.HTTP_201_CREATED
        )


class SessionAttendanceView(ActorMixin, APIView):
    @extend_schema(request=AttendanceIn, responses=SessionOut)
    def post(self, request, pk):
        """Mark who came (everyone else on the sheet is absent)."""
        session = selectors.session_get(actor=self.actor, pk=pk)
        data = _valid(AttendanceIn, request.data)
        services.attendance_record(actor=self.actor, session=session, present_ids=set(data["present"]))
        return Response(SessionOut(selectors.session_get(actor=self.actor, pk=pk)).data)


class Counselling(ActorMixin, APIView):
    @extend_schema(responses=CounsellingOut(many=True))
    def get(self, request):
        """Counselling requests (newest 200): a student's own, or those of the counsellor's school; what was said is
        only for the student and the counsellor."""
        rows = selectors.counselling_list(actor=self.actor)[:200]
        return Response(CounsellingOut(rows, many=True, context={"actor": self.actor}).data)

    @extend_schema(request=CounsellingIn, responses={201: CounsellingOut})
    def post(self, request):
        """A student asks for a talk with a counsellor."""
        item = services.counselling_request(actor=self.actor, **_valid(CounsellingIn, request.data))
        return Response(CounsellingOut(item, context={"actor": self.actor}).data, status=status.HTTP_201_CREATED)


class CounsellingAction(ActorMixin, APIView):
    @extend_schema(request=ScheduleIn, responses=CounsellingOut, operation_id="guidance_counselling_action")
    def post(self, request, pk, action):
        """``schedule`` (body: scheduled_at, place), ``held`` (body: private_note) or ``cancel``."""
        item = selectors.counselling_get(actor=self.actor, pk=pk)
        if action == "schedule":
            item = services.counselling_schedule(actor=self.actor, request=item, **_valid(ScheduleIn, request.data))
        elif action == "held":
            item = services.counselling_hold(actor=self.actor, request=item, **_valid(HeldIn, request.data))
        elif action == "cancel":
            item = services.counselling_cancel(actor=self.actor, request=item)
        else:
            return Response({"detail": "Unknown action."}, status=status.HTTP_404_NOT_FOUND)
        return Response(CounsellingOut(item, context={"actor": self.actor}).data)


class Wellbeing(ActorMixin, APIView):
    @extend_schema(responses=WellbeingOut(many=True))
    def get(self, request):
        """Weekly wellbeing check-ins (newest 200): a student's own, or their students' for a school mentor."""
        return Response(WellbeingOut(selectors.wellbeing_list(actor=self.actor)[:200], many=True).data)

    @extend_schema(request=WellbeingIn, responses={201: WellbeingOut})
    def post(self, request):
        """The student's word on this week (a low mood or a wish to talk tells the school mentor)."""
        check = services.wellbeing_submit(actor=self.actor, **_valid(WellbeingIn, request.data))
        return Response(WellbeingOut(check).data, status=status.HTTP_201_CREATED)


class WellbeingSeen(ActorMixin, APIView):
    @extend_schema(request=None, responses=WellbeingOut)
    def post(self, request, pk):
        """The school mentor has got in touch."""
        check = selectors.wellbeing_get(actor=self.actor, pk=pk)
        return Response(WellbeingOut(services.wellbeing_acknowledge(actor=self.actor, check=check)).data)
