"""The project package: settings, the root URLconf, the Celery app and the WSGI entry point.
The apps (coaching, billing, messaging, programs, triage, reporting, formchecks, demo) hold the
domain; this package only wires them together."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
