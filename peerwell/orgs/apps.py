from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "peerwell.orgs"
    label = "orgs"

    def ready(self):
        from . import signals  # noqa: F401
