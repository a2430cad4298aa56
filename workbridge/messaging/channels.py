"""The messenger adapters behind one interface: ``send(channel, message) -> None`` or raise ``DeliveryError``.

Each adapter speaks the provider's documented HTTP API (WeCom and DingTalk robots and application messages,
Aliyun SMS ``SendSms``). Base addresses are settings, so an install behind a proxy, or a test, points them
elsewhere. Robot webhooks are only called on hosts listed in ``MESSAGING_WEBHOOK_HOSTS``: an organisation admin
types the address, and the server must not become a way to reach arbitrary hosts.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from workbridge.core import crypto

from .engines.signing import aliyun_signature, dingtalk_sign
from .models import ChannelKind, OrganizationChannel


class DeliveryError(Exception):
    """A send failed; ``retry`` says whether trying again later can help."""

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str  # absolute address of the page the message is about, or ""
    email: str = ""
    phone: str = ""
    wecom_userid: str = ""
    dingtalk_userid: str = ""

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.body, self.link) if part)


def _timeout() -> float:
    return float(getattr(settings, "MESSAGING_HTTP_TIMEOUT", 10))


def _request(url: str, *, data: dict | None = None, method: str | None = None) -> dict:
    body = json.dumps(data, ensure_ascii=False).encode() if data is not None else None
    request = urllib.request.Request(
        url,
        data=body,
        method=method or ("POST" if body else "GET"),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(
            request, timeout=_timeout()
        ) as response:  # hosts come from settings or the allow-list
            payload = response.read(1 << 20)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}", retry=exc.code >= 500 or exc.code == 429) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"connection failed: {getattr(exc, 'reason', exc)}") from None
    try:
        return json.loads(payload or b"{}")
    except ValueError:
        raise DeliveryError("the provider answered something other than JSON") from None


def _check_webhook(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    allowed = set(getattr(settings, "MESSAGING_WEBHOOK_HOSTS", ()))
    if parsed.scheme not in ("https", "http") or parsed.hostname not in allowed:
        raise DeliveryError(f"webhook host {parsed.hostname!r} is not in MESSAGING_WEBHOOK_HOSTS", retry=False)
    return url


def _provider_ok(answer: dict, code_key: str = "errcode") -> None:
    code = answer.get(code_key)
    if code not in (0, "0", "OK"):
        message = answer.get("errmsg") or answer.get("Message") or ""
        raise DeliveryError(f"provider error {code}: {str(message)[:200]}", retry=False)


def _secret(channel: OrganizationChannel) -> str:
    return crypto.decrypt(channel.secret_encrypted) if channel.secret_encrypted else ""


def send_email(channel: OrganizationChannel | None, message: Message) -> None:
    if not message.email:
        raise DeliveryError("no e-mail address", retry=False)
    try:
        send_mail(message.title, message.text, None, [message.email], fail_silently=False)
    except Exception as exc:  # SMTP errors come in many types; all of them are worth a later retry
        raise DeliveryError(f"mail server: {exc.__class__.__name__}") from None


def send_wecom_robot(channel: OrganizationChannel, message: Message) -> None:
    url = _check_webhook(channel.webhook_url)
    content = f"**{message.title}**\n{message.body}" + (f"\n[→]({message.link})" if message.link else "")
    _provider_ok(_request(url, data={"msgtype": "markdown", "markdown": {"content": content}}))


def send_dingtalk_robot(channel: OrganizationChannel, message: Message) -> None:
    url = _check_webhook(channel.webhook_url)
    secret = _secret(channel)
    if secret:
        stamp = int(time.time() * 1000)
        sep = "&" if urllib.parse.urlsplit(url).query else "?"
        url = f"{url}{sep}timestamp={stamp}&sign={urllib.parse.quote_plus(dingtalk_sign(secret, stamp))}"
    text = f"### {message.title}\n\n{message.body}" + (f"\n\n[→]({message.link})" if message.link else "")
    _provider_ok(_request(url, data={"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}))


def _token(base: str, path: str, params: dict) -> str:
    answer = _request(f"{base}{path}?{urllib.parse.urlencode(params)}")
    _provider_ok(answer)
    token = answer.get("access_token")
    if not token:
        raise DeliveryError("no access token in the provider's answer")
    return token


def send_wecom_app(channel: OrganizationChannel, message: Message) -> None:
    if not message.wecom_userid:
        raise DeliveryError("the person has no WeCom user ID", retry=False)
    base = settings.MESSAGING_WECOM_API.rstrip("/")
    token = _token(base, "/cgi-bin/gettoken", {"corpid": channel.app_key, "corpsecret": _secret(channel)})
    card = {
        "title": message.title,
        "description": message.body or message.title,
        "url": message.link or "",
        "btntxt": "详情",
    }
    payload = {"touser": message.wecom_userid, "agentid": int(channel.agent_id or 0)}
    payload |= (
        {"msgtype": "textcard", "textcard": card}
        if message.link
        else {"msgtype": "text", "text": {"content": message.text}}
    )
    _provider_ok(_request(f"{base}/cgi-bin/message/send?access_token={urllib.parse.quote(token)}", data=payload))


def send_dingtalk_app(channel: OrganizationChannel, message: Message) -> None:
    if not message.dingtalk_userid:
        raise DeliveryError("the person has no DingTalk user ID", retry=False)
    base = settings.MESSAGING_DINGTALK_API.rstrip("/")
    token = _token(base, "/gettoken", {"appkey": channel.app_key, "appsecret": _secret(channel)})
    payload = {
        "agent_id": channel.agent_id,
        "userid_list": message.dingtalk_userid,
        "msg": {"msgtype": "text", "text": {"content": message.text}},
    }
    _provider_ok(
        _request(
            f"{base}/topapi/message/corpconversation/asyncsend_v2?access_token={urllib.parse.quote(token)}",
            data=payload,
        )
    )


def send_sms(channel: OrganizationChannel, message: Message) -> None:
    """Aliyun SendSms with the organisation's template; the template receives the title as ``title``."""
    if not message.phone:
        raise DeliveryError("the person has no mobile number", retry=False)
    params = {
        "AccessKeyId": channel.app_key,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": message.phone,
        "RegionId": "cn-hangzhou",
        "SignName": channel.sign_name,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": secrets.token_hex(16),
        "SignatureVersion": "1.0",
        "TemplateCode": channel.template_code,
        "TemplateParam": json.dumps({"title": message.title[:20]}, ensure_ascii=False),
        "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
    }
    params["Signature"] = aliyun_signature(_secret(channel), "GET", params)
    base = settings.MESSAGING_ALIYUN_SMS_API.rstrip("/")
    _provider_ok(_request(f"{base}/?{urllib.parse.urlencode(params)}"), code_key="Code")


ADAPTERS = {
    ChannelKind.EMAIL: send_email,
    ChannelKind.WECOM_ROBOT: send_wecom_robot,
    ChannelKind.DINGTALK_ROBOT: send_dingtalk_robot,
    ChannelKind.WECOM_APP: send_wecom_app,
    ChannelKind.DINGTALK_APP: send_dingtalk_app,
    ChannelKind.SMS: send_sms,
}
