# Notification now belongs to coaching (coaching 0006 took over its table, unchanged).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("triage", "0006_escalation_rules_for_graded_pain"),
        ("coaching", "0006_notification_moved_here_email_opt_outs_invitation_sending"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
