from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "peerwell.core"
    label = "core"

    def ready(self):
        from .appendonly import restore_sqlite_guards

        post_migrate.connect(restore_sqlite_guards, sender=self)
