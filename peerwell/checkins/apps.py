from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "peerwell.checkins"
    label = "checkins"
