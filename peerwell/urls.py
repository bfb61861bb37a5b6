from django.urls import include, path

from peerwell.core import views as core

urlpatterns = [
    path("", core.home, name="home"),
    path("healthz", core.healthz, name="healthz"),
    path("floor/", core.floor, name="floor"),
    path("i18n/setlang/", core.set_language, name="set_language"),
    path("", include("peerwell.orgs.urls")),
    path("participants/", include("peerwell.participants.urls")),
    path("participants/", include("peerwell.consents.urls")),
    path("", include("peerwell.contacts.urls")),
    path("search/", include("peerwell.search.urls")),
    path("audit/", include("peerwell.audit.urls")),
    path("reports/", include("peerwell.reports.urls")),
    path("", include("peerwell.checkins.urls")),
    path("", include("peerwell.messaging.urls")),
    path("", include("peerwell.plans.urls")),
    path("", include("peerwell.assessments.urls")),
    path("", include("peerwell.assessments.urls_schedules")),
    path("directory/", include("peerwell.navigation.urls_directory")),
    path("directory/import/", include("peerwell.navigation.urls_imports")),
    path("", include("peerwell.navigation.urls_referrals")),
    path("community/", include("peerwell.community.urls")),
    # The HSDS 3.0 directory API: read-only, public unless HSDS_API_PUBLIC is off.
    path("api/hsds/", include("peerwell.navigation.urls_api")),
    # Public pages, no sign-in: an organization's own address.
    path("o/<slug:organization_slug>/", include("peerwell.checkins.urls_public")),
    path("o/<slug:organization_slug>/", include("peerwell.messaging.urls_public")),
    path("o/<slug:organization_slug>/", include("peerwell.community.urls_public")),
]
