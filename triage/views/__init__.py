"""Triage's pages (the shell): the coach's queue (`queue`) and client page (`coach_client`), the
client's Today, check-in and history (`client`), their sessions, progress and notifications
(`client_sessions`), the owner's escalation rules (`owner`), and the weekly summaries' actions
(`weekly`). The API is `triage.api`; the rules are in `triage.core`."""
