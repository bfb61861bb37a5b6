from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "peerwell.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .appendonly import restore_sqlite_guards
        from .database_roles import grant_after_migrate

        post_migrate.connect(restore_sqlite_guards, sender=self)
        post_migrate.connect(grant_after_migrate, sender=self)
