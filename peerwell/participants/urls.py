from django.urls import path

from . import views, views_caseloads, views_family, views_merge

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("mine/", views.caseload, name="caseload"),
    path("caseloads/", views_caseloads.caseloads, name="caseloads"),
    path("duplicates/", views_merge.possible_duplicates, name="possible_duplicates"),
    path(
        "duplicates/<int:pair_id>/different/",
        views_merge.not_duplicates,
        name="not_duplicates",
    ),
    path(
        "<int:participant_id>/family/new/",
        views_family.add_family_member,
        name="family_member_add",
    ),
    path(
        "<int:participant_id>/family/<int:family_member_id>/link/",
        views_family.link_family_member,
        name="family_member_link",
    ),
    path(
        "<int:participant_id>/family/<int:family_member_id>/unlink/",
        views_family.unlink_family_member,
        name="family_member_unlink",
    ),
    path("family/<int:family_member_id>/", views_family.family_member, name="family_member"),
    path(
        "family/<int:family_member_id>/edit/",
        views_family.edit_family_member,
        name="family_member_edit",
    ),
    path("new/", views.enroll, name="participant_enroll"),
    path("<int:participant_id>/", views.detail, name="participant_detail"),
    path("<int:participant_id>/edit/", views.edit, name="participant_edit"),
    path("<int:participant_id>/assign/", views.assign, name="participant_assign"),
    path("<int:participant_id>/history/", views.history, name="participant_history"),
    path("<int:participant_id>/status/", views.change_status, name="participant_status"),
    path("<int:participant_id>/emergency/", views.emergency, name="participant_emergency"),
    path("<int:participant_id>/merge/", views_merge.merge, name="participant_merge"),
]
