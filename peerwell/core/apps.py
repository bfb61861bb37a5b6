from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peerwell.core"
    label = "core"
