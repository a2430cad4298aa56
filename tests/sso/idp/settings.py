"""A campus identity provider for the SSO tests: django-cas-server (CAS 1/2/3) and django-oauth-toolkit (OpenID
Connect), both maintained server packages, in one small Django project started by the test on the loopback.
Not part of WorkBridge: it stands in for the college's own CAS or OIDC server."""

import os
from pathlib import Path

BASE = Path(__file__).resolve().parent
SECRET_KEY = "idp-test-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "idp.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cas_server",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["IDP_DB"]}}
STATIC_URL = "/static/"
LOGIN_URL = "/accounts/login/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CAS_SHOW_POWERED = False
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": Path(os.environ["IDP_KEY"]).read_text(),
    "SCOPES": {"openid": "OpenID Connect", "profile": "profile"},
    "PKCE_REQUIRED": False,
    "OAUTH2_VALIDATOR_CLASS": "idp.validator.CampusValidator",
}
