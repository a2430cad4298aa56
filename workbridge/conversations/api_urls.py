from django.urls import path

from . import apis

urlpatterns = [
    path("conversations/", apis.ThreadList.as_view(), name="conversations-threads"),
    path("conversations/<int:pk>/messages/", apis.ThreadMessages.as_view(), name="conversations-messages"),
    path("conversations/<int:pk>/read/", apis.ThreadRead.as_view(), name="conversations-read"),
    path("conversations/messages/<int:pk>/", apis.MessageDelete.as_view(), name="conversations-message"),
]
