"""Email preferences, a round's outbox, and sending reminders."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("rounds/<int:pk>/", views.outbox, name="outbox"),
    path("rounds/<int:pk>/remind/", views.remind, name="remind"),
]
