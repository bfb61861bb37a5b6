from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("export.csv", views.audit_export, name="audit_export"),
    path("emergency/", views.emergency_accesses, name="emergency_accesses"),
]
