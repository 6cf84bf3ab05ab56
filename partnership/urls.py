"""Root URLs."""

from django.contrib import admin
from django.urls import include, path

from partnership import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("actions/", include("recommendations.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
    path("healthz", views.healthz, name="healthz"),
]
