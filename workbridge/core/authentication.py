"""API token authentication that loads, in the token's one query, everything ``actor_for`` needs.

DRF's TokenAuthentication reads the token and its user; ``actor_for`` then read the current membership with its
organisation and the user's student (or teacher) record: three or four statements before the view did any work,
on every API request. Joining them into the token's query makes it one. Nothing is cached between requests, so
a revoked token, a deactivated membership or a changed role takes effect on the very next request.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

# Followed from the token: the user, the membership chosen in the role switcher (and its organisation), and the
# person records of the user. actor_for uses them when they are loaded and queries only what is missing.
TOKEN_RELATED = (
    "user",
    "user__current_membership__organization",
    "user__student",
    "user__teacher",
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related(*TOKEN_RELATED).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # fresh from this query: actor_for may use the membership instead of reading it again
        token.user._workbridge_membership_loaded = True
        return (token.user, token)
