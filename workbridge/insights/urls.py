from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/<slug:key>/", views.drill, name="drill"),
    path("report/", views.report_page, name="report"),
    path("report.<str:fmt>", views.report_download, name="report-download"),
]
