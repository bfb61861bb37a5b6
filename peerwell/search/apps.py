from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "peerwell.search"
    label = "search"

    def ready(self):
        from .index import repair_sqlite_triggers

        post_migrate.connect(repair_sqlite_triggers, sender=self)
