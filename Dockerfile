# WorkBridge image: one image for the web, worker and beat processes (compose.yaml picks the command).
# Not built in CI (no container runtime there); the systemd + nginx stack is what CI runs (README, Deploying).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production WORKBRIDGE_VAR_DIR=/var/lib/workbridge

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /srv/workbridge workbridge

WORKDIR /srv/workbridge
COPY requirements.txt package.json package-lock.json ./
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.txt && npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/vendor_assets.sh \
 && .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null \
 && DJANGO_SECRET_KEY=build-only ALLOWED_HOSTS=build .venv/bin/python manage.py collectstatic --noinput >/dev/null \
 && mkdir -p /var/lib/workbridge && chown -R workbridge:workbridge /var/lib/workbridge

USER workbridge
EXPOSE 8000
CMD [".venv/bin/gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
