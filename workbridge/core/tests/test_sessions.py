"""Sessions slide their expiry at most once per SESSION_REFRESH_SECONDS instead of being written on every request."""

from django.contrib.sessions.models import Session
from django.urls import reverse

from workbridge.core import sessions as session_module
from workbridge.organizations.models import Role


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_reads_do_not_rewrite_a_fresh_session(client, world, monkeypatch):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    clock = [1_000_000]
    monkeypatch.setattr(session_module.time, "time", lambda: clock[0])
    client.get(reverse("home"))  # first request stamps the refresh time
    stamped = _expiry(client)
    clock[0] += 60
    client.get(reverse("home"))
    assert _expiry(client) == stamped


def test_an_active_session_slides_after_the_refresh_interval(client, world, monkeypatch, settings):
    settings.SESSION_REFRESH_SECONDS = 300
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    clock = [1_000_000]
    monkeypatch.setattr(session_module.time, "time", lambda: clock[0])
    client.get(reverse("home"))
    first = client.session[session_module.REFRESHED_AT_KEY]
    clock[0] += 301
    client.get(reverse("home"))
    assert client.session[session_module.REFRESHED_AT_KEY] == first + 301


def test_anonymous_requests_create_no_session(client, db):
    client.get(reverse("login"))
    assert Session.objects.count() == 0


def test_the_idle_time_out_still_logs_out(client, world, monkeypatch, settings):
    """An active user's expiry moves on (at most once per refresh interval); an idle one's does not, and a session
    left idle past SESSION_COOKIE_AGE no longer signs the user in."""
    from datetime import timedelta

    from django.utils import timezone

    settings.SESSION_REFRESH_SECONDS = 300
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    clock = [1_000_000]
    monkeypatch.setattr(session_module.time, "time", lambda: clock[0])
    assert client.get(reverse("home")).status_code == 200
    stamped = _expiry(client)
    clock[0] += 301
    client.get(reverse("home"))
    slid = _expiry(client)
    assert slid > stamped  # written again: the idle time-out counts from now
    assert abs((slid - timezone.now()) - timedelta(seconds=settings.SESSION_COOKIE_AGE)) < timedelta(seconds=60)
    # Idle past the time-out: the stored expiry has passed, the next request is anonymous.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
