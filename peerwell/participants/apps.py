from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "peerwell.participants"
    label = "participants"
