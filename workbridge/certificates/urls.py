from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.index, name="index"),
    path("mappings/", views.mappings, name="mappings"),
    path("registrations/", views.registrations, name="registrations"),
    path("mine/", views.registrations, name="mine"),
    path("registrations/<int:pk>/result/", views.result, name="result"),
    path("pass-rates/", views.rates, name="rates"),
]
