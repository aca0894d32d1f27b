from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _secure_tenant_tables(sender, using="default", **kwargs):
    # post_migrate fires once per app after all migrations ran; once is enough.
    if sender.label != "coaching":
        return
    from django.db import connections

    from coaching.tenancy import apply_row_level_security

    apply_row_level_security(connections[using])


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching: people and tenancy"

    def ready(self):
        from coaching import (
            checks,  # noqa: F401  (registers the system checks)
            lookups,  # noqa: F401  (registers ``__any``)
        )

        # After every migrate, every table with organization_id gets RLS enabled and forced.
        post_migrate.connect(_secure_tenant_tables, dispatch_uid="spotter_rls")
