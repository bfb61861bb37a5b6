from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "peerwell.navigation"
    label = "navigation"
