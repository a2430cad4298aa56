from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("start/<str:kind>/<int:pk>/", views.start, name="start"),
    path("<int:pk>/", views.thread, name="thread"),
    path("messages/<int:pk>/delete/", views.message_delete, name="message-delete"),
    path("messages/<int:pk>/attachment/", views.attachment, name="attachment"),
]
