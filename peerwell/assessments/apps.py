from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "peerwell.assessments"
    label = "assessments"
