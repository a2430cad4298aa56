from django.urls import path

from . import views

app_name = "teaching_resources"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:pk>/", views.resource, name="resource"),
    path("<int:pk>/update/", views.resource_update, name="resource-update"),
    path("<int:pk>/versions/", views.version_add, name="version-add"),
    path("versions/<int:pk>/file/", views.version_file, name="version-file"),
]
