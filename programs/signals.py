"""Signals other apps listen to, so programs never imports them (triage reads pain in logs)."""

from django.dispatch import Signal

# Sent once a new workout log and its sets are saved (not for a retried uuid), in the client's
# organization scope, with log=<WorkoutLog>. Every way a log is recorded sends it.
workout_logged = Signal()

# Sent after an import saved its sessions, in the organization's write scope, with
# client=<Client> and notes=[ImportedNote] (the notes of the last NOTES_READ_DAYS days). Each
# receiver returns how many notes raised something (counted into the import's result).
notes_imported = Signal()
