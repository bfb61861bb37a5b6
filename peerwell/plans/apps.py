from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "peerwell.plans"
    label = "plans"
