from django.urls import path

from . import views_imports

urlpatterns = [
    path("", views_imports.directory_import, name="directory_import"),
    path("<int:import_id>/", views_imports.directory_import_status, name="directory_import_status"),
]
