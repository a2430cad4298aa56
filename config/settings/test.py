from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
LANGUAGE_CODE = "zh-hans"
# The judging of pending check-ins never waits for the processors here: the test run's own load must not decide
# what a test sees (the tests of the waiting set the pressure they need).
CHECKIN_ASSESS_BUSY_PRESSURE = 101.0

# Developers may keep the SQLite test database in a file between runs (`pytest --reuse-db`); CI leaves this unset
# and gets a fresh in-memory one, built from the models (pytest runs with --no-migrations; tests/test_migrations.py
# applies the migrations themselves).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and env("WB_TEST_SQLITE_FILE", default=""):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env("WB_TEST_SQLITE_FILE")}  # noqa: F405
