"""Programs' pure rules: drafting, progression and adjustments, e1RM, the exercise library and matching, imports, schedules, prescriptions in words, editing.

Pure: no Django, DRF, Celery or Stripe (import-linter checks it)."""
