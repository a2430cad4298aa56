"""The API twins of the school's account pages (/api/v1/academics/accounts/...): log-ins for everyone imported
without one, resets, the one-time account sheet, linking an existing log-in, and the first password."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.access import Actor
from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import Conflict
from workbridge.core.exporting import XLSX_TYPE
from workbridge.organizations.models import Organization

from . import accounts
from . import permissions as perms
from .models import Student, Teacher


class SheetOut(serializers.Serializer):
    sheet = serializers.IntegerField(allow_null=True, help_text="Download it once from .../account-sheets/<id>/.")
    people = serializers.IntegerField()


class ResetIn(serializers.Serializer):
    cohort = serializers.IntegerField(required=False, min_value=1, help_text="A whole class.")
    student = serializers.IntegerField(required=False, min_value=1)
    teacher = serializers.IntegerField(required=False, min_value=1)
    number = serializers.CharField(required=False, allow_blank=True, max_length=30, help_text="A student or staff no.")


class LinkIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    number = serializers.CharField(max_length=30, help_text="The student number or staff number of the record.")


class FirstPasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


def _school_admin(actor: Actor) -> Actor:
    return perms.require_school_admin(actor, _("Only the school admin manages log-ins."))


def _sheet_out(sheet) -> dict:
    return {"sheet": sheet.pk if sheet else None, "people": sheet.people if sheet else 0}


class CreateMissing(ActorMixin, APIView):
    @extend_schema(request=None, responses=SheetOut)
    def post(self, request):
        """Create log-ins for every student and teacher of the school who has none; the first passwords go on a
        sheet that can be downloaded once."""
        actor = _school_admin(self.actor)
        school = Organization.objects.get(pk=actor.organization_id)
        sheet = accounts.accounts_for_imported(
            actor=actor,
            school=school,
            students=Student.objects.filter(school=school, user__isnull=True),
            teachers=Teacher.objects.filter(school=school, user__isnull=True),
        )
        return Response(_sheet_out(sheet))


class Reset(ActorMixin, APIView):
    @extend_schema(request=ResetIn, responses=SheetOut)
    def post(self, request):
        """Give new first passwords to a class, a student, a teacher, or whoever has a number."""
        actor = _school_admin(self.actor)
        body = ResetIn(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        students, teachers = accounts.people_for_reset(
            actor=actor,
            cohort_id=d.get("cohort"),
            student_id=d.get("student"),
            teacher_id=d.get("teacher"),
            number=d.get("number", ""),
        )
        return Response(_sheet_out(accounts.accounts_reset(actor=actor, students=students, teachers=teachers)))


class SheetDownload(ActorMixin, APIView):
    @extend_schema(request=None, responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 409: dict})
    def post(self, request, pk):
        """The account sheet as .xlsx, once: the passwords in it are erased when it is taken (409 after)."""
        actor = _school_admin(self.actor)
        item, data = accounts.sheet_take(actor=actor, sheet_id=pk)
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="account-sheet-{item.pk}.xlsx"'
        response["Cache-Control"] = "no-store"
        return response


class Link(ActorMixin, APIView):
    @extend_schema(request=LinkIn, responses={200: dict})
    def post(self, request):
        """Link an existing log-in of the school to a student or teacher record."""
        actor = _school_admin(self.actor)
        body = LinkIn(data=request.data)
        body.is_valid(raise_exception=True)
        record = accounts.account_link_by_number(actor=actor, **body.validated_data)
        return Response({"record": record.pk, "name": record.name})


class FirstPassword(APIView):
    @extend_schema(request=FirstPasswordIn, responses={204: None, 409: dict})
    def post(self, request):
        """Replace the first password the school gave you with your own (the password rules apply)."""
        from django.contrib.auth.password_validation import validate_password

        if not request.user.must_change_password:
            raise Conflict(_("Your password is already your own; change it on the password page."))
        body = FirstPasswordIn(data=request.data)
        body.is_valid(raise_exception=True)
        validate_password(body.validated_data["password"], request.user)
        accounts.first_password_set(user=request.user, password=body.validated_data["password"])
        return Response(status=204)
