"""The production stack on one machine: nginx -> gunicorn (production settings), a Celery worker and beat on Redis,
PostgreSQL. ``make stack`` runs it in the foreground; ``tests/stack/`` drives the same class end to end.

    .venv/bin/python scripts/stack.py [--port 8088] [--database workbridge_stack] [--redis-db 15]

Needs PostgreSQL and Redis already running (this machine kind starts both; elsewhere start them first) and
Debian's nginx, which it installs with apt-get when missing. Everything it writes lives under var/stack/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
BIN = ROOT / ".venv" / "bin"

NGINX_CONF = """
{user}
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/nginx-body;
    proxy_temp_path {run}/nginx-proxy;
    fastcgi_temp_path {run}/nginx-fastcgi;
    uwsgi_temp_path {run}/nginx-uwsgi;
    scgi_temp_path {run}/nginx-scgi;
    sendfile on;
    server_tokens off;
    upstream workbridge_app {{ server unix:{run}/gunicorn.sock fail_timeout=0; }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 60m;
        location /static/ {{ alias {var}/staticfiles/; expires 1y; add_header Cache-Control "public, immutable"; }}
        location /protected-media/ {{ internal; alias {var}/media/; add_header X-Content-Type-Options nosniff; }}
        location /media/ {{ return 404; }}
        location / {{
            proxy_pass http://workbridge_app;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
        }}
    }}
}}
"""


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    print("installing: nginx (Debian package)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "nginx-light"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("nginx") or "/usr/sbin/nginx"


class Stack:
    """Start with ``start()``, stop with ``stop()`` (or use as a context manager)."""

    def __init__(
        self,
        *,
        port: int = 8088,
        database: str = "workbridge_stack",
        redis_db: int = 15,
        pg: str = "postgres://postgres@127.0.0.1:5432",
        redis: str = "redis://127.0.0.1:6379",
        root: Path | None = None,
        beat_every_seconds: int | None = None,
        recompute_debounce_seconds: int | None = None,
        checkin_assess_busy_pressure: float | None = None,
    ):
        self.port = port
        self.base = root or ROOT / "var" / "stack"
        self.var = self.base / "var"
        self.run = self.base / "run"
        self.database_url = f"{pg}/{database}"
        self.admin_url = f"{pg}/postgres"
        self.database = database
        self.redis_url = f"{redis}/{redis_db}"
        self.beat_every_seconds = beat_every_seconds
        self.recompute_debounce_seconds = recompute_debounce_seconds
        self.checkin_assess_busy_pressure = checkin_assess_busy_pressure
        self.processes: dict[str, subprocess.Popen] = {}
        self.url = f"http://127.0.0.1:{port}"

    # ------------------------------------------------------------------ environment
    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "stack-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "WORKBRIDGE_VAR_DIR": str(self.var),
            "MEDIA_ROOT": str(self.var / "media"),
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; a real site terminates TLS in nginx
            "UPLOADS_X_ACCEL_REDIRECT": "/protected-media/",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
        if self.beat_every_seconds:
            env["WORKBRIDGE_BEAT_PROBE_SECONDS"] = str(self.beat_every_seconds)
        if self.recompute_debounce_seconds is not None:
            env["WORKBRIDGE_RECOMPUTE_DEBOUNCE_SECONDS"] = str(self.recompute_debounce_seconds)
        if self.checkin_assess_busy_pressure is not None:
            env["WORKBRIDGE_CHECKIN_ASSESS_BUSY_PRESSURE"] = str(self.checkin_assess_busy_pressure)
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True
        )

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{self.database}"')

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = (self.run / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    # ------------------------------------------------------------------ life cycle
    def start(self, timeout: float = 90) -> Stack:
        nginx = ensure_nginx()
        self.run.mkdir(parents=True, exist_ok=True)
        (self.var / "media").mkdir(parents=True, exist_ok=True)
        self._create_database()
        for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
            done = self.manage(*step, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"manage.py {step[0]} failed:\n{done.stdout}\n{done.stderr}")
        conf = self.run / "nginx.conf"
        # Run as root (a CI machine), nginx's workers would drop to www-data and could not read a private
        # checkout; this local stack keeps them as the invoking user. A real site uses deploy/nginx/workbridge.conf.
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, run=self.run, var=self.var, port=self.port))
        self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"unix:{self.run}/gunicorn.sock",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
        )
        self._spawn(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--hostname",
                "stack-worker@%h",
            ],
        )
        self._spawn(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.run}/beat-schedule",
                f"--pidfile={self.run}/beat.pid",
            ],
        )
        self._spawn("nginx", [nginx, "-c", str(conf), "-p", str(self.run), "-g", "daemon off;"])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited ({proc.returncode}); see {self.run / (name + '.log')}")
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as answer:
                    if answer.status == 200 and self.worker_ready():
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the stack did not answer on {self.url} within {timeout} s")

    def worker_ready(self) -> bool:
        log = self.run / "worker.log"
        return log.exists() and b" ready." in log.read_bytes()

    def stop(self) -> None:
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.processes.clear()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--database", default="workbridge_stack")
    parser.add_argument("--redis-db", type=int, default=15)
    args = parser.parse_args()
    stack = Stack(port=args.port, database=args.database, redis_db=args.redis_db)
    stack.start()
    print(f"WorkBridge production stack on {stack.url} (nginx -> gunicorn, Celery worker + beat, PostgreSQL, Redis)")
    print(f"logs: {stack.run}/*.log; Ctrl-C stops it")
    try:
        while all(proc.poll() is None for proc in stack.processes.values()):
            time.sleep(1)
        print("a process exited; stopping", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
