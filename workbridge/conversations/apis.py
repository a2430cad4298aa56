"""API of conversations (the same services as the pages)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin, Pagination
from workbridge.core.parsers import ObjectJSONParser

from . import selectors, services
from .models import TargetKind


class ThreadOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    school = serializers.IntegerField(source="school_id")
    enterprise = serializers.IntegerField(source="enterprise_id")
    placement = serializers.IntegerField(source="placement_id", allow_null=True)
    agreement = serializers.IntegerField(source="agreement_id", allow_null=True)
    project = serializers.IntegerField(source="project_id", allow_null=True)
    last_message_at = serializers.DateTimeField(allow_null=True)
    unread = serializers.IntegerField(required=False, default=0)


class ThreadOpenIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    target_id = serializers.IntegerField(min_value=1)


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.IntegerField(source="author_id", allow_null=True)
    author_name = serializers.SerializerMethodField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    deleted = serializers.SerializerMethodField()
    attachment_url = serializers.SerializerMethodField()

    def get_author_name(self, obj) -> str:
        return (obj.author.display_name or obj.author.username) if obj.author_id else ""

    def get_deleted(self, obj) -> bool:
        return obj.deleted_at is not None

    def get_attachment_url(self, obj) -> str | None:
        return reverse("conversations:attachment", args=[obj.pk]) if obj.attachment and not obj.deleted_at else None


class MessageIn(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    attachment = serializers.FileField(required=False)


class ThreadList(ActorMixin, APIView):
    parser_classes = [ObjectJSONParser, FormParser]
    pagination_class = Pagination  # documents the paginated response (the view paginates itself)

    @extend_schema(responses=ThreadOut(many=True))
    def get(self, request):
        """Your conversations (about a placement, an agreement or a project) with their unread counts; ?q= searches
        their subjects."""
        threads = selectors.thread_list(actor=self.actor, q=request.query_params.get("q", ""))
        page = Pagination()
        rows = page.paginate_queryset(threads, request, view=self)
        return page.get_paginated_response(ThreadOut(rows, many=True).data)

    @extend_schema(
        request=ThreadOpenIn,
        responses=ThreadOut,
        description="Open (or start) the conversation of a placement, agreement or project.",
    )
    def post(self, request):
        data = ThreadOpenIn(data=request.data)
        data.is_valid(raise_exception=True)
        thread = services.thread_open(
            actor=self.actor, kind=data.validated_data["kind"], target_id=data.validated_data["target_id"]
        )
        return Response(ThreadOut(thread).data)


class ThreadMessages(ActorMixin, APIView):
    parser_classes = [ObjectJSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=MessageOut(many=True))
    def get(self, request, pk):
        """The messages of a conversation you take part in (withdrawn ones marked as such)."""
        thread = selectors.thread_get(actor=self.actor, pk=pk)
        return Response(MessageOut(selectors.message_list(thread=thread), many=True).data)

    @extend_schema(request=MessageIn, responses={201: MessageOut})
    def post(self, request, pk):
        """Post a message (text, an attachment, or both; send multipart/form-data with an attachment)."""
        thread = selectors.thread_get(actor=self.actor, pk=pk)
        data = MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_post(
            actor=self.actor,
            thread=thread,
            body=data.validated_data.get("body", ""),
            attachment=data.validated_data.get("attachment"),
        )
        return Response(MessageOut(message).data, status=201)


class ThreadRead(ActorMixin, APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk):
        """Mark the conversation read up to its latest message."""
        services.thread_mark_read(actor=self.actor, thread=selectors.thread_get(actor=self.actor, pk=pk))
        return Response(status=204)


class MessageDelete(ActorMixin, APIView):
    @extend_schema(request=None, responses=MessageOut)
    def delete(self, request, pk):
        """Withdraw one of your own messages; the conversation shows that a message was withdrawn."""
        message = selectors.message_get(actor=self.actor, pk=pk)
        return Response(MessageOut(services.message_delete(actor=self.actor, message=message)).data)
