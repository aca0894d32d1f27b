"""People: organizations, memberships, clients, intakes, invitations, the tenant scope."""
