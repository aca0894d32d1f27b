"""Form checks' pure rules: reading a video's type and length from its bytes.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
