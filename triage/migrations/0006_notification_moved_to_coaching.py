# Notification now belongs to coaching (coaching 0006 took over its table, unchanged).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("triage", "0005_review_item_coach_flag_and_minutes"),
        ("coaching", "0006_notification_moved_here_email_opt_outs_invitation_sending"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
