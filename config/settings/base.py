"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "workbridge"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Separate from SECRET_KEY so rotating sessions never makes stored ID numbers unreadable.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default=SECRET_KEY)

VAR_DIR = Path(env("WORKBRIDGE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'workbridge.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Concurrent use of the embedded database: WAL (readers never wait for the writer), a busy timeout, and
    # IMMEDIATE transactions so a write takes the lock when it starts instead of failing midway on upgrade.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# The few hot statements of every API request (token authentication, the check-in: core.rows.cursor) are prepared
# once per connection on PostgreSQL. Set false behind a pooler that cannot keep prepared statements (PgBouncer in
# transaction mode before 1.21); every other statement is never prepared, as Django does by default.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WORKBRIDGE_APPS = [
    "workbridge.core",
    "workbridge.organizations",
    "workbridge.academics",
    "workbridge.partnerships",
    "workbridge.placements",
    "workbridge.compliance",
    "workbridge.labour_market",
    "workbridge.evaluation",
    "workbridge.faculty",
    "workbridge.resources",
    "workbridge.research",
    "workbridge.certificates",
    "workbridge.insights",
    "workbridge.messaging",
    "workbridge.operations",
    "workbridge.sso",
    "workbridge.privacy",
    "workbridge.conversations",
    "workbridge.guidance",
    "workbridge.innovation",
    "workbridge.teaching_resources",
    # issue 13.5: a major's exit path (reviews opened by red warnings)
    "workbridge.major_reviews",
    # issue 13.2: employer feedback into teaching
    "workbridge.employer_feedback",
    # joint enrolment (issue 13.3)
    "workbridge.enrolment",
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_cas_ng",
    "mozilla_django_oidc",
    "csp",
    *WORKBRIDGE_APPS,
]

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # First passwords a school hands out with imported accounts, until the person sets their own.
    "workbridge.academics.accounts.InitialPasswordBackend",
    # Campus single sign-on (workbridge/sso): active only when CAS_SERVER_URL / OIDC_OP_* are set.
    "workbridge.sso.backends.CampusCASBackend",
    "workbridge.sso.backends.CampusOIDCBackend",
]

# Campus single sign-on. SSO_SCHOOL_NAME names the school whose campus IDs (student and staff numbers) the campus
# server speaks for; campus log-in maps them to existing accounts and never creates one.
SSO_SCHOOL_NAME = env("SSO_SCHOOL_NAME", default="")
CAS_SERVER_URL = env("CAS_SERVER_URL", default="")  # e.g. https://cas.example.edu.cn/cas/
CAS_VERSION = env("CAS_VERSION", default="3")
CAS_CREATE_USER = False
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_REDIRECT_URL = "/"
CAS_STORE_NEXT = True
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid profile"
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = "/sso/oidc/failed/"
SSO_OIDC_ID_CLAIM = env("SSO_OIDC_ID_CLAIM", default="preferred_username")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

MIDDLEWARE = [
    "workbridge.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware in the list, so it runs before it on the way out and its change is saved.
    "workbridge.core.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workbridge.academics.middleware.FirstPasswordMiddleware",
    "workbridge.core.params.QueryParameterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workbridge.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APPS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbridge.core.context_processors.workbridge",
                "workbridge.sso.context_processors.sso",
            ],
        },
    },
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [APPS_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

FORMS_URLFIELD_ASSUME_HTTPS = True
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [APPS_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A form or JSON body (not counting uploaded files) is small; 5 MB is far above any real page.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# core.middleware.RequestSizeLimitMiddleware refuses (413) a request whose Content-Length is over its limit
# before the body is read: multipart uploads get UPLOAD_MAX_BYTES, every other request REQUEST_MAX_BYTES.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
# The one spreadsheet reader (core.spreadsheets): limits that stop a hostile file before it is materialised.
SPREADSHEET_MAX_BYTES = env.int("SPREADSHEET_MAX_BYTES", default=20 * 1024 * 1024)
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=100_000)
SPREADSHEET_MAX_COLUMNS = env.int("SPREADSHEET_MAX_COLUMNS", default=256)
SPREADSHEET_MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
SPREADSHEET_MAX_UNZIPPED_BYTES = env.int("SPREADSHEET_MAX_UNZIPPED_BYTES", default=400 * 1024 * 1024)
SPREADSHEET_MAX_MEMBER_BYTES = env.int("SPREADSHEET_MAX_MEMBER_BYTES", default=300 * 1024 * 1024)
SPREADSHEET_MAX_COMPRESSION_RATIO = 200
SPREADSHEET_MAX_SHARED_STRINGS_BYTES = env.int("SPREADSHEET_MAX_SHARED_STRINGS_BYTES", default=32 * 1024 * 1024)
# Free text (TextField) without its own max_length is limited to this many characters (core.text_validation).
TEXT_MAX_LENGTH = env.int("TEXT_MAX_LENGTH", default=20_000)
# Size limit per upload purpose (workbridge.core.uploads): documents (licences, attestations, signed copies),
# project outputs, spreadsheets for imports.
UPLOAD_MAX_BYTES_BY_PURPOSE = {
    "document": env.int("UPLOAD_MAX_DOCUMENT_BYTES", default=10 * 1024 * 1024),
    "output": env.int("UPLOAD_MAX_OUTPUT_BYTES", default=20 * 1024 * 1024),
    "spreadsheet": env.int("UPLOAD_MAX_SPREADSHEET_BYTES", default=20 * 1024 * 1024),
    # a check-in photo straight from a phone's camera (re-encoded to a few hundred KB when stored)
    "photo": env.int("UPLOAD_MAX_PHOTO_BYTES", default=12 * 1024 * 1024),
}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The expiry slides through core.sessions.SessionRefreshMiddleware (at most one session write per
# SESSION_REFRESH_SECONDS) instead of SESSION_SAVE_EVERY_REQUEST, which wrote the session on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=300)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and <style> elements only from our own origin or carrying the
# per-request nonce (`<script nonce="{{ request.csp_nonce }}">`); no inline event handlers, no eval, no plugins,
# never framed. Inline style *attributes* (style="...") stay allowed through style-src-attr: they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The optional map on the position form. Off unless an operator names a tile server: no page asks a third-party
# host for anything by default. The tiles must use WGS-84/CGCS2000 coordinates (e.g. 天地图 Tianditu with the
# operator's key), not GCJ-02 (Amap/Gaode, Tencent), or pins land a few hundred metres off. {s} is not supported.
# e.g. MAP_TILE_URL=https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
# Permissions-Policy (django-permissions-policy): no page may use these features; the student's check-in page
# re-allows geolocation and the camera (a check-in photo) for itself (workbridge.core.headers.permissions_policy).
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WorkBridge <noreply@workbridge.local>")
if env("EMAIL_URL", default=""):
    # e.g. smtp+tls://user:password@smtp.example.edu.cn:587 (host, port, credentials and TLS in one variable)
    _email = env.email_url("EMAIL_URL")
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email.get("EMAIL_USE_TLS", False), _email.get("EMAIL_USE_SSL", False)

# Login rate limiting (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "workbridge.core.lockout.lockout_response"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: DRF answers an anonymous request with the first class's challenge, so 401 + WWW-Authenticate
        # (session first would answer 403, indistinguishable from a refused role).
        "workbridge.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "workbridge.core.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "workbridge.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "workbridge.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "workbridge.core.parsers.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
    # `?format=xlsx|csv` on list endpoints is the product's export (core.api.ExportableListMixin), not DRF's
    # renderer switch; errors stay JSON whatever the format asked.
    "URL_FORMAT_OVERRIDE": None,
}
# /api/schema/, /api/docs/ and /api/redoc/ readable without logging in (off in production unless set).
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=True)
SPECTACULAR_SETTINGS = {
    "TITLE": "WorkBridge API",
    "DESCRIPTION": "School-enterprise cooperation platform (产教融合平台).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "GET_LIB_DOC_EXCLUDES": "workbridge.core.openapi.doc_excludes",
    # Several models share choice sets; name them once so the schema has one enum each.
    "ENUM_NAME_OVERRIDES": {
        "VettingStatusEnum": "workbridge.organizations.models.VettingStatus",
        "RoleEnum": "workbridge.core.roles.Role",
        "GuidanceSessionKindEnum": "workbridge.guidance.models.SessionKind",
        "CounsellingKindEnum": "workbridge.guidance.models.CounsellingKind",
        "CounsellingStatusEnum": "workbridge.guidance.models.CounsellingStatus",
        "MoodEnum": "workbridge.guidance.models.Mood",
        "InnovationBaseKindEnum": "workbridge.innovation.models.BaseKind",
        "VentureStageEnum": "workbridge.innovation.models.VentureStage",
        "AwardLevelEnum": "workbridge.innovation.models.AwardLevel",
        "TeachingResourceKindEnum": "workbridge.teaching_resources.models.ResourceKind",
        "TeachingLicenceEnum": "workbridge.teaching_resources.models.Licence",
        # major_reviews (issue 13.5)
        "MajorReviewStatusEnum": "workbridge.major_reviews.models.ReviewStatus",
        "MajorReviewOpenedByEnum": "workbridge.major_reviews.models.OpenedBy",
        "MajorReviewOptionKindEnum": "workbridge.major_reviews.models.OptionKind",
        "MajorReviewStepKindEnum": "workbridge.major_reviews.models.StepKind",
        # employer_feedback (issue 13.2)
        "FeedbackRoundStatusEnum": "workbridge.employer_feedback.models.RoundStatus",
        "FeedbackFormStatusEnum": "workbridge.employer_feedback.models.FormStatus",
        "FeedbackRelationEnum": "workbridge.employer_feedback.models.Relation",
        "FeedbackReviewStatusEnum": "workbridge.employer_feedback.models.TaskStatus",
        # joint enrolment (issue 13.3)
        "EnrolmentPlanKindEnum": "workbridge.enrolment.models.PlanKind",
        "EnrolmentPlanStatusEnum": "workbridge.enrolment.models.PlanStatus",
        "EnrolmentApplicationStatusEnum": "workbridge.enrolment.models.ApplicationStatus",
        "EnrolmentDecisionEnum": "workbridge.enrolment.models.Decision",
        "EnrolmentLeaveReasonEnum": "workbridge.enrolment.models.LeaveReason",
        # Field names shared by different choice sets (status, kind, level, severity, role): one name per set.
        "ProjectStatusEnum": "workbridge.partnerships.models.ProjectStatus",
        "OutputKindEnum": "workbridge.partnerships.models.OutputKind",
        "ParticipantRoleEnum": "workbridge.partnerships.models.ParticipantRole",
        "ReportKindEnum": "workbridge.placements.models.ReportKind",
        "ScoreLevelEnum": "workbridge.evaluation.models.ScoreLevel",
        "QualificationLevelEnum": "workbridge.faculty.models.Level",
        "RuleSeverityEnum": "workbridge.compliance.models.Severity",
        "ApprovalStatusEnum": "workbridge.placements.models.ApprovalStatus",
        "AttendanceModeEnum": "workbridge.placements.models.AttendanceMode",
        "PhotoPolicyEnum": "workbridge.placements.models.PhotoPolicy",
        "TrainingKindEnum": "workbridge.placements.models.TrainingKind",
        "PlanKindEnum": "workbridge.placements.models.PlanKind",
        "PlanStatusEnum": "workbridge.placements.models.PlanStatus",
        "IncidentSeverityEnum": "workbridge.placements.models.IncidentSeverity",
        "ProposalStatusEnum": "workbridge.placements.models.ProposalStatus",
        "ScheduleKindEnum": "workbridge.placements.apis.SCHEDULE_KINDS",
        "IncidentKindEnum": "workbridge.placements.apis.INCIDENT_KINDS",
        "AgreementDocumentKindEnum": "workbridge.placements.apis.DOCUMENT_KINDS",
        "BaseKindEnum": "workbridge.resources.models.BaseKind",
        "ResourceKindEnum": "workbridge.resources.models.ResourceKind",
        "OutcomeKindEnum": "workbridge.research.models.OutcomeKind",
        "TagStatusEnum": "workbridge.labour_market.models.TagStatus",
        "QuestionKindEnum": "workbridge.labour_market.models.QuestionKind",
        "SurveyStatusChangeEnum": "workbridge.labour_market.apis_actions.SURVEY_STATUS_CHANGES",
    },
}

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis every task runs inline, so a single-process install still works end to end.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, and given back to the queue when its worker process dies (OOM, kill), so no
# job is lost; every task is written to be safe to run twice (ingest resumes from its cursor, recomputes replace).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# core.debounce: how long a recompute that follows writes (demand after a postings import ...) waits for more writes.
RECOMPUTE_DEBOUNCE_SECONDS = env.int("WORKBRIDGE_RECOMPUTE_DEBOUNCE_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {}
# partnerships: activate / expire agreements and send the 60-day expiry reminders, every morning.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["partnerships-agreements-daily"] = {
    "task": "partnerships.agreements_daily",
    "schedule": crontab(hour=6, minute=30),
}
# labour_market: six-month graduate destination follow-up survey, every morning.
CELERY_BEAT_SCHEDULE["labour-market-destination-followups"] = {
    "task": "labour_market.destination_followups",
    "schedule": crontab(hour=7, minute=10),
}
# placements: purge raw check-in coordinates older than 30 days; daily alert scan; alert digest e-mail.
# Personal-data retention (privacy/data/retention.toml), including the 30-day purge of raw check-in coordinates.
CELERY_BEAT_SCHEDULE["privacy-retention"] = {
    "task": "privacy.retention_apply",
    "schedule": crontab(hour=3, minute=20),
}
CELERY_BEAT_SCHEDULE["placements-scan-alerts"] = {
    "task": "placements.scan_alerts",
    "schedule": crontab(hour=6, minute=0),
}
CELERY_BEAT_SCHEDULE["placements-alert-digest"] = {
    "task": "placements.alert_digest",
    "schedule": crontab(hour=7, minute=30),
}
# Nightly recomputes, so figures are fresh each morning even when no write queued one (times: Asia/Shanghai).
CELERY_BEAT_SCHEDULE["labour-market-demand-nightly"] = {
    "task": "labour_market.demand_recompute",
    "schedule": crontab(hour=1, minute=30),
}
CELERY_BEAT_SCHEDULE["labour-market-warnings-nightly"] = {
    "task": "labour_market.warnings_recompute",
    "schedule": crontab(hour=2, minute=0),
}
CELERY_BEAT_SCHEDULE["evaluation-scores-nightly"] = {
    "task": "evaluation.scores_recompute",
    "schedule": crontab(hour=2, minute=30),
}
# labour_market: resume posting batches whose worker died, every five minutes.
CELERY_BEAT_SCHEDULE["labour-market-ingest-recover"] = {
    "task": "labour_market.ingest_recover",
    "schedule": crontab(minute="*/5"),
}
# placements: judge the trust signals of check-ins stored in one statement during the morning surge (each web
# process also wakes this task after such a check-in, at most every five seconds), every minute as a safety net.
CELERY_BEAT_SCHEDULE["placements-assess-checkins"] = {
    "task": "placements.assess_checkins",
    "schedule": crontab(minute="*"),
}
# Off: every check-in is judged while it is stored (two statements more, no worker needed for its signals).
CHECKIN_ASSESS_AFTER = env.bool("WORKBRIDGE_CHECKIN_ASSESS_AFTER", default=True)
# The judging waits while the processors are contended this share (percent) or more of the last ten seconds
# (the morning surge: core/pressure.py; above 100, never), and waits at most this long for the oldest check-in
# pending.
CHECKIN_ASSESS_BUSY_PRESSURE = env.float("WORKBRIDGE_CHECKIN_ASSESS_BUSY_PRESSURE", default=50.0)
CHECKIN_ASSESS_MAX_WAIT_SECONDS = env.int("WORKBRIDGE_CHECKIN_ASSESS_MAX_WAIT_SECONDS", default=900)
# messaging: send deliveries whose retry back-off or quiet hours have passed, every minute.
CELERY_BEAT_SCHEDULE["messaging-deliveries-due"] = {
    "task": "messaging.deliveries_due",
    "schedule": crontab(minute="*"),
}

# The production-stack test (tests/stack/) asks beat for a frequent health probe instead of waiting a minute.
if env.int("WORKBRIDGE_BEAT_PROBE_SECONDS", default=0):
    CELERY_BEAT_SCHEDULE["operations-probe"] = {
        "task": "operations.probe",
        "schedule": float(env.int("WORKBRIDGE_BEAT_PROBE_SECONDS")),
    }

# Messengers (workbridge/messaging): provider API bases are settings so a proxy or a test can stand in; group-robot
# webhooks are only called on the listed hosts (an admin types the address; the server must not call anywhere).
SITE_URL = env("SITE_URL", default="")  # e.g. https://workbridge.example.edu.cn, for links in messages
MESSAGING_WECOM_API = env("MESSAGING_WECOM_API", default="https://qyapi.weixin.qq.com")
MESSAGING_DINGTALK_API = env("MESSAGING_DINGTALK_API", default="https://oapi.dingtalk.com")
MESSAGING_ALIYUN_SMS_API = env("MESSAGING_ALIYUN_SMS_API", default="https://dysmsapi.aliyuncs.com")
MESSAGING_WEBHOOK_HOSTS = env.list("MESSAGING_WEBHOOK_HOSTS", default=["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
MESSAGING_HTTP_TIMEOUT = env.float("MESSAGING_HTTP_TIMEOUT", default=10.0)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "workbridge.core.logging.RedactPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

WORKBRIDGE = {
    "DEMO_PASSWORD": env("WORKBRIDGE_DEMO_PASSWORD", default="demo-pass-2026"),
    "RAW_LOCATION_RETENTION_DAYS": 30,
}

# Behind nginx, the internal location that sends an upload's bytes after Django checked access (core.uploads;
# deploy/nginx: location /protected-media/ { internal; ... }). Empty: Django sends them itself.
UPLOADS_X_ACCEL_REDIRECT = env("UPLOADS_X_ACCEL_REDIRECT", default="")
# Postings ingest limits (labour_market.services.postings_ingest): larger uploads are refused before any work.
POSTINGS_INGEST_MAX_BYTES = env.int("POSTINGS_INGEST_MAX_BYTES", default=50 * 1024 * 1024)
POSTINGS_INGEST_MAX_ROWS = env.int("POSTINGS_INGEST_MAX_ROWS", default=200_000)
