"""Who reads a need-to-know plan."""

from django.urls import path

from recommendations import views_access

urlpatterns = [
    path("plans/<slug:slug>/access/", views_access.plan_access, name="plan-access"),
]
