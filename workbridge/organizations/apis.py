"""REST API for organisations, enterprise registration and vetting, memberships and regions."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from workbridge.core.access import actor_for, region_with_descendants
from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.roles import Role
from workbridge.core.viewsets import (
    ArchivedListMixin,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    archived_list_schema,
)

from . import permissions as perms
from . import selectors, services
from .models import Membership, MembershipInvitation, Organization, Region, User, VettingReview

# --------------------------------------------------------------------------------------------------- serializers


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "parent"]


class OrganizationSerializer(serializers.ModelSerializer):
    has_licence = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField(
        help_text="Masked unless you are its staff, a partner's staff or a reviewer."
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "short_name",
            "region",
            "code",
            "school_type",
            "credit_code",
            "industry_section",
            "industry_division",
            "size_band",
            "staff_count",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "description",
            "vetting_status",
            "has_licence",
            "created_at",
            "updated_at",
            "archived_at",
            "archive_reason",
        ]
        read_only_fields = [
            "id",
            "kind",
            "region",
            "credit_code",
            "vetting_status",
            "has_licence",
            "created_at",
            "updated_at",
            "archived_at",
            "archive_reason",
        ]

    def get_has_licence(self, obj) -> bool:
        return bool(obj.licence_file)

    def get_contact_phone(self, obj) -> str:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return ""
        reader = self.context.get("_phone_reader")
        if reader is None:
            reader = self.context["_phone_reader"] = selectors.contact_phone_reader(actor=actor_for(request.user))
        return reader(obj)


class OrganizationUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [f for f in services.PROFILE_FIELDS]
        extra_kwargs = {f: {"required": False} for f in services.PROFILE_FIELDS}


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=services.DECISIONS)
    reason = serializers.CharField(required=False, allow_blank=True)


class VettingReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = VettingReview
        fields = [
            "id",
            "enterprise",
            "reviewer",
            "reviewer_organization",
            "from_status",
            "to_status",
            "reason",
            "created_at",
        ]


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organization.pk")
    name = serializers.CharField(source="organization.name")
    credit_code = serializers.CharField(source="organization.credit_code")
    reason = serializers.CharField()
    score = serializers.FloatField()


class LicenceSerializer(serializers.Serializer):
    licence_file = serializers.FileField()


class RegistrationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(max_length=18)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    industry_section = serializers.CharField(max_length=1, required=False, allow_blank=True)
    industry_division = serializers.CharField(max_length=2, required=False, allow_blank=True)
    size_band = serializers.CharField(required=False, allow_blank=True)
    staff_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    address = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True)
    licence_file = serializers.FileField(required=False)


class UserBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name"]


class MembershipSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "organization", "role", "title", "is_active", "created_at"]


OFFER_SENT_TEXT = (
    "If an account with this user name exists, it has been invited; the role is added when the person accepts."
)


class OfferSentSerializer(serializers.Serializer):
    detail = serializers.CharField()


class InvitationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = MembershipInvitation
        fields = ["id", "organization", "organization_name", "role", "role_label", "title", "status", "created_at"]


class InvitationViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Roles you have been invited to; accept or decline them."""

    serializer_class = InvitationSerializer

    def get_queryset(self):
        return selectors.invitations_for(actor=self.actor)

    @extend_schema(request=None, responses={200: MembershipSerializer, 204: None})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        membership = services.invitation_answer(actor=self.actor, invitation_id=self.get_object().pk, accept=True)
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        services.invitation_answer(actor=self.actor, invitation_id=self.get_object().pk, accept=False)
        return Response(status=204)


class MembershipGrantSerializer(serializers.Serializer):
    username = serializers.CharField()
    organization = ScopedPrimaryKeyRelatedField(model=Organization)
    role = serializers.ChoiceField(choices=Role.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="")


class PersonCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    organization = ScopedPrimaryKeyRelatedField(model=Organization)
    role = serializers.ChoiceField(choices=Role.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


# --------------------------------------------------------------------------------------------------------- views


class OrganizationFilter(django_filters.FilterSet):
    region = django_filters.NumberFilter(method="filter_region", label="Region id (includes sub-regions)")

    class Meta:
        model = Organization
        fields = ["kind", "vetting_status", "industry_section", "size_band", "school_type"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=region_with_descendants(int(value)))


@archived_list_schema
class OrganizationViewSet(ArchivedListMixin, ScopedViewSet):
    """Organisations of every kind the actor may see (schools and approved enterprises form a directory)."""

    queryset = Organization.objects.none()
    serializer_class = OrganizationSerializer
    write_serializer_class = OrganizationUpdateSerializer
    selector = staticmethod(selectors.organization_list)
    filterset_class = OrganizationFilter
    search_fields = ["name", "short_name", "name_en", "credit_code"]
    ordering_fields = ["name", "created_at"]
    write_roles = (
        Role.SCHOOL_ADMIN,
        Role.ENTERPRISE_ADMIN,
        Role.AUTHORITY_OFFICER,
        Role.GROUP_OFFICER,
        Role.ASSOCIATION_OFFICER,
    )

    def get_queryset(self):
        return selectors.organization_list(actor=self.actor, archived=self.archived_filter())

    def create(self, request, *args, **kwargs):
        raise PermissionDenied(
            "Enterprises register at /api/v1/enterprise-registrations/; other kinds are added by a platform admin."
        )

    def service_update(self, obj, data):
        return services.organization_update(actor=self.actor, organization=obj, data=data)

    @extend_schema(request=ReviewSerializer, responses=VettingReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Approve, reject (reason required) or suspend (reason required) an enterprise."""
        org = self.get_object()
        if not perms.may_review(self.actor, org):
            raise PermissionDenied("Only a school admin or authority officer of the enterprise's region reviews it.")
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.enterprise_review(actor=self.actor, enterprise=org, **serializer.validated_data)
        return Response(VettingReviewSerializer(review).data)

    @extend_schema(request=LicenceSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def licence(self, request, pk=None):
        """Upload the business licence (PDF, JPEG or PNG)."""
        org = self.get_object()
        serializer = LicenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.enterprise_upload_licence(
            actor=self.actor, enterprise=org, licence_file=serializer.validated_data["licence_file"]
        )
        return Response(OrganizationSerializer(org).data)

    @extend_schema(request=None, responses=VettingReviewSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        """Send a rejected enterprise for review again."""
        review = services.enterprise_resubmit(actor=self.actor, enterprise=self.get_object())
        return Response(VettingReviewSerializer(review).data)

    @extend_schema(responses=DuplicateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def duplicates(self, request, pk=None):
        """Possible duplicates (same credit code or near-identical name), for reviewers."""
        org = self.get_object()
        if not perms.may_review(self.actor, org):
            raise PermissionDenied("Only reviewers see possible duplicates.")
        found = selectors.enterprise_duplicates(name=org.name, credit_code=org.credit_code, exclude_pk=org.pk)
        return Response(DuplicateSerializer(found, many=True).data)


class VettingReviewViewSet(ScopedViewSet):
    """Vetting decisions, visible to the enterprise itself and to its reviewers."""

    queryset = VettingReview.objects.none()
    serializer_class = VettingReviewSerializer
    filterset_fields = ["enterprise", "to_status"]
    http_method_names = ["get", "head", "options"]

    selector = staticmethod(selectors.vetting_review_list)


class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Administrative regions (GB/T 2260), public reference data for signed-in users."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = ["parent", "code"]
    search_fields = ["name", "code"]


class MembershipViewSet(ScopedViewSet):
    """Roles people hold in organisations. Admins grant (POST) and revoke (POST .../revoke/)."""

    queryset = Membership.objects.none()
    serializer_class = MembershipSerializer
    write_serializer_class = MembershipGrantSerializer
    selector = staticmethod(lambda actor: selectors.membership_list(actor=actor, active=None))
    filterset_fields = ["organization", "role", "is_active"]
    search_fields = ["user__username", "user__display_name"]
    write_roles = (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER)
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=MembershipGrantSerializer, responses={201: MembershipSerializer, 202: OfferSentSerializer})
    def create(self, request, *args, **kwargs):
        """Grant a role by user name. A colleague already in the organisation gets it at once (201); anyone else is
        invited (202, the same answer whether or not the user name exists: accounts cannot be probed here)."""
        self.check_write()
        serializer = MembershipGrantSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome, membership = services.membership_offer(
            actor=self.actor,
            username=data["username"],
            organization=data["organization"],
            role=data["role"],
            title=data.get("title", ""),
        )
        if membership is not None:
            return Response(MembershipSerializer(membership, context=self.get_serializer_context()).data, status=201)
        return Response({"detail": OFFER_SENT_TEXT}, status=202)

    @extend_schema(request=PersonCreateSerializer, responses={201: MembershipSerializer})
    @action(detail=False, methods=["post"])
    def people(self, request):
        """Add a new person with a first role in an organisation you manage. Without a password the person sets one
        through 'Forgot your password?' (an e-mail address is then needed)."""
        self.check_write()
        serializer = PersonCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = services.user_create(actor=self.actor, **data)
        membership = Membership.objects.get(user=user, organization=data["organization"], role=data["role"])
        return Response(MembershipSerializer(membership, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        membership = self.get_object()
        services.membership_revoke(actor=self.actor, membership=membership)
        return Response(MembershipSerializer(membership).data)


class EnterpriseRegistrationView(APIView):
    """Public: a company registers itself and its first admin user; the enterprise starts as pending."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=RegistrationSerializer,
        responses={
            201: inline_serializer(
                "RegistrationResult", {"organization": OrganizationSerializer(), "username": serializers.CharField()}
            )
        },
    )
    def post(self, request):
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data = {k: v for k, v in data.items() if v not in (None, "") or k in ("name", "credit_code")}
        org, user = services.enterprise_register(**data)
        return Response(
            {"organization": OrganizationSerializer(org).data, "username": user.username},
            status=status.HTTP_201_CREATED,
        )


class MeView(ActorMixin, APIView):
    """Who am I: the user, the acting role and organisation, and every membership."""

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "display_name": serializers.CharField(),
                "role": serializers.CharField(allow_null=True),
                "organization": serializers.IntegerField(allow_null=True),
                "memberships": MembershipSerializer(many=True),
            },
        )
    )
    def get(self, request):
        actor = self.actor
        memberships = Membership.objects.filter(user=request.user, is_active=True).select_related("user")
        return Response(
            {
                "id": request.user.pk,
                "username": request.user.username,
                "display_name": request.user.display_name,
                "role": actor.role,
                "organization": actor.organization_id,
                "memberships": MembershipSerializer(memberships, many=True).data,
            }
        )


class SwitchRoleSerializer(serializers.Serializer):
    membership = serializers.IntegerField()


class SwitchRoleView(APIView):
    """Act in another of your memberships (the API's role switcher)."""

    @extend_schema(request=SwitchRoleSerializer, responses=MembershipSerializer)
    def post(self, request):
        serializer = SwitchRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.user_switch_membership(
            user=request.user, membership_id=serializer.validated_data["membership"]
        )
        return Response(MembershipSerializer(membership).data)


class TokenRevokeView(APIView):
    """Revoke your API token (the page's "revoke" button); a new one comes from POST /api/v1/auth/token/."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        services.api_token_revoke(user=request.user)
        return Response(status=204)
