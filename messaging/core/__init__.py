"""Messaging's pure rules: what a message may be.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
