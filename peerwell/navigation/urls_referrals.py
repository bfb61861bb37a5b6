from django.urls import path

from . import views_referrals as views

urlpatterns = [
    path(
        "participants/<int:participant_id>/referrals/new/",
        views.referral_new,
        name="referral_new",
    ),
    path("participants/<int:participant_id>/referrals/", views.referrals, name="referrals"),
    path("referrals/figures/", views.referral_figures, name="referral_figures"),
    path("referrals/<int:referral_id>/", views.referral, name="referral"),
    path("referrals/<int:referral_id>/share/", views.referral_share, name="referral_share"),
    path("referrals/<int:referral_id>/fhir/", views.referral_fhir, name="referral_fhir"),
]
