from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.index, name="index"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/propose/", views.propose, name="propose"),
    path("proposals/<int:pk>/accept/", views.accept, name="accept"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/add/<str:what>/", views.project_add, name="project-add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
]
