"""A sliding session expiry without writing the session on every request.

`SESSION_SAVE_EVERY_REQUEST` kept an idle user's session alive by rewriting the session row on every GET, one
UPDATE per page view and API call (issue 14). This middleware marks the session modified only when it was last
refreshed more than `SESSION_REFRESH_SECONDS` ago, so an active user still never hits the expiry while reads stay
read-only.
"""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_AT_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that already exist (a signed-in user) slide; an anonymous request creates nothing.
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            refreshed_at = session.get(REFRESHED_AT_KEY, 0)
            if now - refreshed_at >= getattr(settings, "SESSION_REFRESH_SECONDS", 300):
                session[REFRESHED_AT_KEY] = now
        return response
