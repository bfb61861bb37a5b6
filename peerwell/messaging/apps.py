from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "peerwell.messaging"
    label = "messaging"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings checks)
