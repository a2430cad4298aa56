"""Notifications reach WeCom, DingTalk, SMS and e-mail through one interface, with signatures, retries, quiet hours
and a delivery log. The providers are stood in for by a local HTTP server that records each request and checks
the signatures the way the providers document them."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from workbridge.core.access import actor_for
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.services import notification_send
from workbridge.messaging import services
from workbridge.messaging.engines.signing import aliyun_string_to_sign
from workbridge.messaging.models import Delivery, DeliveryStatus, OrganizationChannel
from workbridge.organizations.models import Role

DING_SECRET = "SECdingtalk-robot-secret"
SMS_SECRET = "aliyun-access-key-secret"


class Provider(BaseHTTPRequestHandler):
    """Answers like the providers: robots, token endpoints, message send, SendSms. Fails on demand."""

    def log_message(self, *args):  # keep test output clean
        pass

    def _answer(self, payload, status=200):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _record(self, body=b""):
        url = urllib.parse.urlsplit(self.path)
        entry = {
            "path": url.path,
            "query": dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)),
            "body": json.loads(body) if body else None,
        }
        self.server.requests.append(entry)
        return entry

    def do_GET(self):
        entry = self._record()
        if self.server.fail_next:
            self.server.fail_next -= 1
            return self._answer({"errcode": -1}, status=503)
        if entry["path"] in ("/cgi-bin/gettoken", "/gettoken"):
            return self._answer({"errcode": 0, "access_token": "TOKEN-1", "expires_in": 7200})
        if entry["path"] == "/":  # Aliyun SendSms
            params = dict(entry["query"])
            signature = params.pop("Signature")
            want = base64.b64encode(
                hmac.new(
                    f"{SMS_SECRET}&".encode(), aliyun_string_to_sign("GET", params).encode(), hashlib.sha1
                ).digest()
            ).decode()
            entry["signature_ok"] = signature == want
            return self._answer({"Code": "OK" if entry["signature_ok"] else "SignatureDoesNotMatch", "Message": "OK"})
        return self._answer({"errcode": 404}, status=404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        entry = self._record(body)
        if self.server.fail_next:
            self.server.fail_next -= 1
            return self._answer({"errcode": -1}, status=503)
        if entry["path"] == "/robot/dingtalk":
            stamp, sign = entry["query"].get("timestamp", ""), entry["query"].get("sign", "")
            want = base64.b64encode(
                hmac.new(DING_SECRET.encode(), f"{stamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()
            ).decode()
            entry["signature_ok"] = sign == want
            return self._answer({"errcode": 0 if entry["signature_ok"] else 310000, "errmsg": "sign not match"})
        return self._answer({"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    server.requests, server.fail_next = [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.MESSAGING_WECOM_API = settings.MESSAGING_DINGTALK_API = settings.MESSAGING_ALIYUN_SMS_API = base
    settings.MESSAGING_WEBHOOK_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = "https://wb.example.edu.cn"
    server.base = base
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def admin(world):
    return actor_for(world.users[Role.SCHOOL_ADMIN])


def _send(user, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        return notification_send(
            recipient=user,
            kind=kw.pop("kind", "placements.alert"),
            title="学生离岗预警",
            body="李同学 今日未打卡",
            link="/placements/alerts/1/",
            **kw,
        )


def test_dingtalk_robot_is_signed_and_posts_once_per_matter(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin,
        kind="dingtalk_robot",
        name="机电学院教务群",
        secret=DING_SECRET,
        webhook_url=f"{provider.base}/robot/dingtalk",
        kinds=["placements.alert"],
    )
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks)
    _send(world.users[Role.TEACHER], django_capture_on_commit_callbacks)  # same notice to a colleague
    posts = [r for r in provider.requests if r["path"] == "/robot/dingtalk"]
    assert len(posts) == 1 and posts[0]["signature_ok"] is True
    assert posts[0]["body"]["msgtype"] == "markdown" and "学生离岗预警" in posts[0]["body"]["markdown"]["text"]
    assert Delivery.objects.get(kind="dingtalk_robot").status == DeliveryStatus.SENT


def test_robot_only_gets_the_kinds_it_subscribes_to(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin,
        kind="wecom_robot",
        name="校企合作群",
        webhook_url=f"{provider.base}/robot/wecom",
        kinds=["agreement.expiring"],
    )
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks)
    assert provider.requests == []
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks, kind="agreement.expiring")
    assert [r["path"] for r in provider.requests] == ["/robot/wecom"]


def test_wecom_app_message_goes_to_the_person(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin, kind="wecom_app", name="企业微信应用", app_key="ww-corp", agent_id="1000002", secret="corp-secret"
    )
    teacher = world.users[Role.TEACHER]
    services.preference_update(actor=actor_for(teacher), wecom=True, wecom_userid="wanglaoshi")
    _send(teacher, django_capture_on_commit_callbacks)
    token, send = provider.requests
    assert token["path"] == "/cgi-bin/gettoken" and token["query"] == {"corpid": "ww-corp", "corpsecret": "corp-secret"}
    assert send["query"]["access_token"] == "TOKEN-1"
    assert send["body"]["touser"] == "wanglaoshi" and send["body"]["agentid"] == 1000002
    assert send["body"]["textcard"]["url"] == "https://wb.example.edu.cn/placements/alerts/1/"


def test_sms_only_for_urgent_and_signed(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin,
        kind="sms",
        name="阿里云短信",
        app_key="LTAI-key",
        secret=SMS_SECRET,
        sign_name="某职业技术学院",
        template_code="SMS_123",
    )
    teacher = world.users[Role.TEACHER]
    teacher.phone = "13800138000"
    teacher.save(update_fields=["phone"])
    services.preference_update(actor=actor_for(teacher), sms=True)
    _send(teacher, django_capture_on_commit_callbacks)
    assert provider.requests == []  # not urgent: inbox only
    _send(teacher, django_capture_on_commit_callbacks, urgent=True)
    (sms,) = provider.requests
    assert sms["signature_ok"] is True
    assert sms["query"]["PhoneNumbers"] == "13800138000" and sms["query"]["TemplateCode"] == "SMS_123"


def test_failures_retry_with_backoff_then_give_up(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin,
        kind="wecom_robot",
        name="群",
        webhook_url=f"{provider.base}/robot/wecom",
        kinds=["placements.alert"],
    )
    provider.fail_next = 1
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1 and delivery.last_error == "HTTP 503"
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert services.deliveries_due() == 0  # not yet due
    assert services.deliveries_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2

    # A delivery whose connection was removed fails at once, without retries.
    second = Delivery.objects.create(
        notification=delivery.notification, kind="wecom_robot", channel=None, next_attempt_at=timezone.now()
    )
    services.delivery_attempt(second.pk)
    second.refresh_from_db()
    assert second.status == DeliveryStatus.FAILED and "switched off" in second.last_error


def test_gives_up_after_the_last_attempt(world, admin, provider, django_capture_on_commit_callbacks):
    services.channel_save(
        actor=admin,
        kind="wecom_robot",
        name="群",
        webhook_url=f"{provider.base}/robot/wecom",
        kinds=["placements.alert"],
    )
    provider.fail_next = 100
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    far = timezone.now() + dt.timedelta(days=2)
    for _ in range(services.MAX_ATTEMPTS):
        services.deliveries_due(now=far)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == services.MAX_ATTEMPTS


def test_quiet_hours_hold_personal_messages_but_not_urgent_ones(
    world, admin, provider, django_capture_on_commit_callbacks
):
    services.channel_save(actor=admin, kind="wecom_app", name="应用", app_key="ww", agent_id="1", secret="s")
    teacher = world.users[Role.TEACHER]
    now_local = timezone.localtime()
    start = (now_local - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now_local + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    services.preference_update(actor=actor_for(teacher), wecom=True, wecom_userid="w", quiet_start=start, quiet_end=end)
    _send(teacher, django_capture_on_commit_callbacks)
    held = Delivery.objects.get()
    assert held.status == DeliveryStatus.DEFERRED and held.next_attempt_at > timezone.now()
    assert provider.requests == []
    _send(teacher, django_capture_on_commit_callbacks, urgent=True)
    assert [r["path"] for r in provider.requests][-1] == "/cgi-bin/message/send"
    services.deliveries_due(now=held.next_attempt_at)
    held.refresh_from_db()
    assert held.status == DeliveryStatus.SENT


def test_email_copies_follow_the_preference(world, django_capture_on_commit_callbacks):
    user = world.users[Role.TEACHER]
    _send(user, django_capture_on_commit_callbacks, email=True)
    assert len(mail.outbox) == 1 and Delivery.objects.get().status == DeliveryStatus.SENT
    services.preference_update(actor=actor_for(user), email=False)
    _send(user, django_capture_on_commit_callbacks, email=True)
    assert len(mail.outbox) == 1


def test_webhooks_only_on_allowed_hosts(world, admin, provider, django_capture_on_commit_callbacks, settings):
    settings.MESSAGING_WEBHOOK_HOSTS = ["oapi.dingtalk.com"]
    services.channel_save(
        actor=admin,
        kind="wecom_robot",
        name="群",
        webhook_url=f"{provider.base}/robot/wecom",
        kinds=["placements.alert"],
    )
    _send(world.users[Role.SCHOOL_ADMIN], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert provider.requests == [] and delivery.status == DeliveryStatus.FAILED
    assert "MESSAGING_WEBHOOK_HOSTS" in delivery.last_error


def test_only_admins_manage_channels_and_secrets_stay_hidden(world, admin, api_client_for):
    with pytest.raises(PermissionDenied):
        services.channel_save(
            actor=actor_for(world.users[Role.TEACHER]),
            kind="wecom_robot",
            name="x",
            webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        )
    with pytest.raises(ValidationFailed) as missing:
        services.channel_save(actor=admin, kind="sms", name="短信", app_key="k")
    assert "template_code" in missing.value.errors
    channel = services.channel_save(
        actor=admin, kind="wecom_app", name="应用", app_key="ww", agent_id="1", secret="top-secret"
    )
    assert "top-secret" not in channel.secret_encrypted
    body = api_client_for(world.users[Role.SCHOOL_ADMIN]).get(f"/api/v1/messaging/channels/{channel.pk}/").json()
    assert body["has_secret"] is True and "secret" not in body and "top-secret" not in json.dumps(body)
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/messaging/channels/{channel.pk}/").status_code
        == 404
    )
    assert (
        api_client_for(world.users[Role.TEACHER])
        .post(
            "/api/v1/messaging/channels/",
            {"kind": "wecom_robot", "name": "x", "webhook_url": "https://qyapi.weixin.qq.com/x"},
            format="json",
        )
        .status_code
        == 403
    )
    assert OrganizationChannel.objects.count() == 1


def test_preferences_api_round_trip(world, api_client_for):
    client = api_client_for(world.users[Role.STUDENT])
    assert client.get("/api/v1/messaging/preferences/").json()["email"] is True
    answer = client.patch("/api/v1/messaging/preferences/", {"quiet_start": "22:00"}, format="json")
    assert answer.status_code == 400 and "quiet_end" in answer.json()["errors"]
    answer = client.patch(
        "/api/v1/messaging/preferences/", {"quiet_start": "22:00", "quiet_end": "07:00"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["quiet_end"] == "07:00"


@pytest.mark.parametrize("path", ["/messaging/", "/messaging/channels/", "/messaging/deliveries/"])
def test_pages_render_in_chinese(world, client, path):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "wecom_userid" not in text.split("<form")[0]  # labels, not field names, before the form markup
    assert any(word in text for word in ("消息设置", "消息渠道", "发送记录"))


def test_channels_page_is_for_admins(world, client):
    client.force_login(world.users[Role.STUDENT])
    assert client.get("/messaging/channels/").status_code == 403
