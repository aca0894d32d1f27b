from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs: exercises, drafting, logs, recommendations"

    def ready(self):
        from coaching.signals import client_anonymized
        from programs.erasure import anonymize_client_training

        client_anonymized.connect(anonymize_client_training, dispatch_uid="programs_erasure")
