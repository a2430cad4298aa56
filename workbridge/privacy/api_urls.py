from django.urls import path

from . import apis

urlpatterns = [
    path("privacy/export/", apis.ExportView.as_view(), name="privacy-export"),
    path("privacy/erase/", apis.EraseView.as_view(), name="privacy-erase"),
    path("privacy/erasure-request/", apis.ErasureRequestView.as_view(), name="privacy-erasure-request"),
]
