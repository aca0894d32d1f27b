"""Reporting's pure rules: the owner's figures and the export's shape.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
