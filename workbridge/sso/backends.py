"""Authentication backends for campus log-in: CAS (django-cas-ng) and OpenID Connect (mozilla-django-oidc). Both
verify the campus server's answer with the package and then map the campus ID through identity.campus_user."""

from __future__ import annotations

from django_cas_ng.backends import CASBackend
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from workbridge.core.services import audit_record

from .identity import campus_user, cas_enabled, oidc_enabled


def _logged_in(user, protocol: str):
    audit_record(actor=user, action="sso.login", summary=f"campus log-in ({protocol})")
    return user


class CampusCASBackend(CASBackend):
    def authenticate(self, request, ticket=None, service=None, **kwargs):
        if not ticket or not service or not cas_enabled():
            return None
        client = get_cas_client(service_url=service, request=request)
        identifier, _attributes, _pgtiou = client.verify_ticket(ticket)
        user = campus_user(identifier or "")
        if user is None or not self.user_can_authenticate(user):
            if request is not None:
                request.session["sso_unknown_id"] = (identifier or "")[:64]
            return None
        return _logged_in(user, "CAS")


class CampusOIDCBackend(OIDCAuthenticationBackend):
    """The claim named by SSO_OIDC_ID_CLAIM (default preferred_username) carries the campus ID."""

    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _claim(self, claims) -> str:
        from django.conf import settings

        return str(claims.get(getattr(settings, "SSO_OIDC_ID_CLAIM", "preferred_username"), "") or "")

    def verify_claims(self, claims) -> bool:
        return bool(self._claim(claims))

    def filter_users_by_claims(self, claims):
        from workbridge.organizations.models import User

        user = campus_user(self._claim(claims))
        if user is None:
            self.request.session["sso_unknown_id"] = self._claim(claims)[:64]
            return User.objects.none()
        return User.objects.filter(pk=user.pk)

    def create_user(self, claims):  # never reached with OIDC_CREATE_USER = False; kept closed on purpose
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        return _logged_in(user, "OIDC") if user is not None else None
