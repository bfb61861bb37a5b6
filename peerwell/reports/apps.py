from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportsConfig(AppConfig):
    name = "peerwell.reports"
    label = "reports"

    def ready(self):
        from .counts import restore_triggers

        post_migrate.connect(restore_triggers, sender=self)
