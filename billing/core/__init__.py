"""Billing's pure rules: review policy, presets, prices and price changes, Stripe events, tier changes, validation.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
