from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NavigationConfig(AppConfig):
    name = "peerwell.navigation"
    label = "navigation"

    def ready(self):
        from .words import repair_sqlite_triggers

        post_migrate.connect(repair_sqlite_triggers, sender=self)
