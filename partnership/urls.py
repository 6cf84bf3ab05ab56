"""Root URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership import views, views_invitation
from partnership.forms import AccountPasswordChangeForm, AccountSetPasswordForm

urlpatterns = [
    path("", views.home, name="home"),
    # Django's own account views, with error messages worded for people (GOV.UK style).
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=AccountPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=AccountSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views_invitation.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("partnership.urls_directory")),
    path("actions/", include("recommendations.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("performance/", include("performance.urls")),
    path("api/", include("api.urls")),
    path("healthz", views.healthz, name="healthz"),
]

handler500 = "partnership.views.server_error"
