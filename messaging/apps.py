from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messages"

    def ready(self):
        from coaching.signals import client_anonymized
        from messaging.erasure import anonymize_client_messages

        client_anonymized.connect(anonymize_client_messages, dispatch_uid="messaging_erasure")

        from billing.signals import price_change_announced
        from messaging.services import post_price_notice

        price_change_announced.connect(post_price_notice, dispatch_uid="messaging_price_notice")
