from django.urls import path  # noqa: F401

app_name = "labour_market"
urlpatterns: list = []
