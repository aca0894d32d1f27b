"""Triage's pure rules: red-flag reading, scoring, due times, queue order, proposals, reminders, risk model, trends, habits, wording, summaries, Today.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
