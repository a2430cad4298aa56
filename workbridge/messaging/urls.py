from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel-test"),
    path("deliveries/", views.deliveries, name="deliveries"),
]
