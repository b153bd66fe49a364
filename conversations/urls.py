from django.urls import path

from conversations import views

app_name = "conversations"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/<int:pk>/", views.compose, name="compose"),  # pk: the member to write to
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/<int:pk>/report/", views.report, name="report"),
]
