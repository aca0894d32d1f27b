from django.apps import AppConfig


class FormChecksConfig(AppConfig):
    name = "formchecks"
    verbose_name = "Form checks"

    def ready(self):
        from django.db.models.signals import post_delete

        from coaching.signals import client_anonymized
        from formchecks import services
        from formchecks.models import FormCheck
        from messaging import attachments

        client_anonymized.connect(services.erase_client_files, dispatch_uid="formchecks_erasure")
        post_delete.connect(
            services.delete_file_after_commit, sender=FormCheck, dispatch_uid="formcheck_file"
        )
        attachments.register(services.MessageAttachments())
