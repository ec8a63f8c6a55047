# Production image for docker-compose.yml: gunicorn serving the site, or the task worker.
# The build and start steps live in deploy/app/ so that tests/deploy runs them without Docker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=network.settings.production \
    STATIC_ROOT=/app/.staticfiles \
    MEDIA_ROOT=/app/media
WORKDIR /app

RUN useradd --create-home --uid 1000 network
# Pango and a font for WeasyPrint's PDF letters (deploy/app/pdf-libraries.sh).
COPY deploy/app/pdf-libraries.sh /tmp/pdf-libraries.sh
RUN bash /tmp/pdf-libraries.sh && rm -rf /var/lib/apt/lists/* /tmp/pdf-libraries.sh
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY --chown=network:network . .
# The media folder exists and belongs to the app user, so a volume mounted on it starts that way.
RUN mkdir -p /app/media && chown network:network /app/media \
    && bash deploy/app/build.sh

USER 1000:1000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=5 \
    CMD ["python", "deploy/app/healthcheck.py"]
ENTRYPOINT ["bash", "deploy/app/start.sh"]
CMD ["web"]
