from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "peerwell.consents"
    label = "consents"
