from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organization: the one place that may use every app, to build a realistic world."""

    name = "demo"
    verbose_name = "Demo data"
