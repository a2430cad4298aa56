from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.resource_new, name="new"),
    path("bases/new/", views.base_new, name="base-new"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/<int:pk>/approve/", views.decide, {"decision": "approve"}, name="approve"),
    path("bookings/<int:pk>/reject/", views.decide, {"decision": "reject"}, name="reject"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/usage/", views.usage, name="usage"),
    path("utilisation/", views.utilisation, name="utilisation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/week/", views.week, name="week"),
    path("<int:pk>/book/", views.book, name="book"),
]
