from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("catalogue", apis.CatalogueViewSet, basename="certificates-catalogue")
router.register("mappings", apis.MappingViewSet, basename="certificates-mapping")
router.register("registrations", apis.RegistrationViewSet, basename="certificates-registration")

urlpatterns = [
    path("certificates/pass-rates/", apis.PassRatesApi.as_view(), name="certificates-pass-rates"),
    path("certificates/", include(router.urls)),
]
