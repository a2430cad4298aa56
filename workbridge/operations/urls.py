from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [path("jobs/", views.jobs, name="jobs")]
