from django.urls import path

from . import views

urlpatterns = [
    path("<int:participant_id>/consents/", views.consent_list, name="consent_list"),
    path("<int:participant_id>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "<int:participant_id>/consents/<int:consent_id>/",
        views.consent_detail,
        name="consent_detail",
    ),
    path(
        "<int:participant_id>/consents/<int:consent_id>/revoke/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path("<int:participant_id>/disclose/", views.disclose, name="disclose"),
    path(
        "<int:participant_id>/disclose/emergency/",
        views.disclose_emergency,
        name="disclose_emergency",
    ),
    path("<int:participant_id>/disclosures/", views.accounting, name="disclosure_accounting"),
    path(
        "<int:participant_id>/disclosures/export.csv",
        views.accounting_export,
        name="disclosure_accounting_export",
    ),
    path(
        "<int:participant_id>/disclosures/<int:disclosure_id>/",
        views.disclosure_packet,
        name="disclosure_packet",
    ),
]
