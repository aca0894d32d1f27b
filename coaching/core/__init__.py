"""People's pure rules: local time, segmentation, intake vocabulary, body limits, date ranges, spreadsheets, tokens, notification kinds.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
