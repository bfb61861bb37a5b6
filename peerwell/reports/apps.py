from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "peerwell.reports"
    label = "reports"
