from django.urls import path

from . import apis

urlpatterns = [
    path("innovation/bases/", apis.Bases.as_view(), name="innovation-bases"),
    path("innovation/ventures/", apis.Ventures.as_view(), name="innovation-ventures"),
    path("innovation/ventures/<int:pk>/<str:action>/", apis.VentureAction.as_view(), name="innovation-venture-action"),
    path("innovation/milestones/<int:pk>/done/", apis.MilestoneDone.as_view(), name="innovation-milestone-done"),
]
