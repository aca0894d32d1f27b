FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Every package pyproject.toml installs, before installing it (tests/test_deployment.py checks).
COPY pyproject.toml README.md ./
COPY config ./config
COPY charts ./charts
COPY coaching ./coaching
COPY programs ./programs
COPY triage ./triage
COPY billing ./billing
COPY messaging ./messaging
COPY formchecks ./formchecks
COPY reporting ./reporting
COPY demo ./demo
RUN pip install --upgrade pip && pip install .
COPY . .
# Without SECRET_KEY: management commands run on the development key; serving refuses it.
RUN DJANGO_DEBUG=false STATIC_MANIFEST=true python manage.py collectstatic --noinput
RUN useradd --create-home spotter
# Form-check uploads (FORM_CHECK_ROOT): a volume in docker-compose.yml, owned by the app's user.
RUN mkdir -p /data/form-checks && chown spotter /data/form-checks
USER spotter
EXPOSE 8000
# Workers and timeouts: gunicorn.conf.py (3 sync processes for 2 cores; WEB_CONCURRENCY).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
