"""People's pages (the shell): landing, sign-up, invitations, the team, client lists, erasure and
notification settings (`people`), and the intake with its review (`intake`). The API is
`coaching.api`; the rules are in `coaching.core`."""
