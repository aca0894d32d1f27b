from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The business view: reads every app, owns no decisions and imports into none."""

    name = "reporting"
    verbose_name = "Reporting: the business at a glance"
