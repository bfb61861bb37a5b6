from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "peerwell.messaging"
    label = "messaging"
