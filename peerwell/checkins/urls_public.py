from django.urls import path

from . import views_public as views

# Under o/<slug:organization_slug>/: an organization's own public address.
urlpatterns = [
    path("request-a-call/", views.request_a_call, name="request_a_call"),
    path("request-a-call/thanks/", views.request_a_call_thanks, name="request_a_call_thanks"),
]
