from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("resources", apis.ResourceViewSet, basename="resources-resource")
router.register("bookings", apis.BookingViewSet, basename="resources-booking")
router.register("bases", apis.BaseViewSet, basename="resources-base")

urlpatterns = [
    path("resources/utilisation/", apis.UtilisationApi.as_view(), name="resources-utilisation"),
    path("resources/", include(router.urls)),
]
