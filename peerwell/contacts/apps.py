from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "peerwell.contacts"
    label = "contacts"
