"""The managers' dashboard."""

from django.urls import path

from reports import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard_view, name="dashboard"),
    path("dashboard/plans/", views_dashboard.dashboard_plans, name="dashboard-plans"),
]
