"""Clerks' pages: correct an action, link written leads, a plan's status words."""

from django.urls import path

from recommendations import views_clerk

urlpatterns = [
    path("<int:pk>/edit/", views_clerk.recommendation_edit, name="edit"),
    path("leads-to-link/", views_clerk.leads_to_link, name="leads-to-link"),
    path("plans/<slug:slug>/statuses/", views_clerk.plan_statuses, name="plan-statuses"),
    path("plans/<slug:slug>/statuses/<int:pk>/", views_clerk.status_edit, name="status-edit"),
    path("plans/<slug:slug>/statuses/<int:pk>/move/", views_clerk.status_move, name="status-move"),
    path(
        "plans/<slug:slug>/statuses/<int:pk>/remove/",
        views_clerk.status_delete,
        name="status-delete",
    ),
]
