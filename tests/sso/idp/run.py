"""Start the test identity provider: ``python run.py PORT REDIRECT_URI CLIENT_SECRET`` (env IDP_DB, IDP_KEY).

Migrates a fresh SQLite database, seeds campus accounts (20240001 student, T0001 staff, 99999999 unknown to
WorkBridge), a CAS service pattern and an OIDC client, then serves on 127.0.0.1:PORT until killed."""

import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "idp.settings"

import django

django.setup()

from cas_server.models import ServicePattern  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    port, redirect_uri, client_secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    call_command("migrate", verbosity=0)
    for username in ("20240001", "T0001", "99999999"):
        User.objects.create_user(username=username, password="campus-pass-2026")
    ServicePattern.objects.create(pos=1, name="WorkBridge", pattern=r"^https?://.*$")
    Application.objects.create(
        name="WorkBridge",
        client_id="workbridge",
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
    )
    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
