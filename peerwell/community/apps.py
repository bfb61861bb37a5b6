from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "peerwell.community"
    label = "community"
