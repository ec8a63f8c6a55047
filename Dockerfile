# Production-like image for docker-compose.yml: gunicorn serving the site, or the task worker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=network.settings.production
WORKDIR /app

RUN useradd --create-home --uid 1000 network
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY --chown=network:network . .
# collectstatic needs some secret to import the settings; the real one comes at run time.
RUN SECRET_KEY=build-only-secret-key-not-used-at-run-time-0123456789abcdef \
    python manage.py collectstatic --no-input -v 0

USER network
EXPOSE 8000
CMD ["gunicorn", "network.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
