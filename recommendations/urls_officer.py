"""Officer pages: my actions, action plans, an action and its update form."""

from django.urls import path

from recommendations import views_closure, views_officer

urlpatterns = [
    path("mine/", views_officer.my_actions, name="my-actions"),
    path("plans/", views_officer.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", views_officer.plan_detail, name="plan-detail"),
    path("<int:pk>/", views_officer.recommendation_detail, name="detail"),
    path("<int:pk>/update/", views_officer.recommendation_update_view, name="update"),
    path("<int:pk>/closure/", views_closure.closure_decide, name="closure"),
]
