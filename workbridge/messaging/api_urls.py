from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("channels", apis.ChannelViewSet, basename="messaging-channel")
router.register("deliveries", apis.DeliveryViewSet, basename="messaging-delivery")

urlpatterns = [
    path("messaging/preferences/", apis.PreferenceView.as_view(), name="messaging-preferences"),
    path("messaging/", include(router.urls)),
]
