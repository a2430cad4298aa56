from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("export.zip", views.export_mine, name="export"),
    path("erasure-request/", views.request_erasure, name="erasure-request"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/", views.person, name="person"),
]
