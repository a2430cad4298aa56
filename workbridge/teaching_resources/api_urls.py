from django.urls import path

from . import apis

urlpatterns = [
    path("teaching-resources/", apis.Resources.as_view(), name="teaching-resources"),
    path("teaching-resources/<int:pk>/", apis.ResourceDetail.as_view(), name="teaching-resource"),
    path("teaching-resources/<int:pk>/versions/", apis.Versions.as_view(), name="teaching-resource-versions"),
    path("teaching-resources/versions/<int:pk>/file/", apis.VersionFile.as_view(), name="teaching-resource-file"),
]
