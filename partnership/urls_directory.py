"""The directory: organisations, people, users and invitations (clerks and administrators)."""

from django.urls import path

from partnership import views_bulk, views_directory

app_name = "directory"

urlpatterns = [
    path("", views_directory.organisation_list, name="organisations"),
    path("organisations/add/", views_directory.organisation_add, name="organisation-add"),
    path("organisations/<int:pk>/", views_directory.organisation_edit, name="organisation-edit"),
    path("people/", views_directory.person_list, name="people"),
    path("people/add/", views_directory.person_add, name="person-add"),
    path("people/<int:pk>/", views_directory.person_edit, name="person-edit"),
    path("bulk-add/", views_bulk.bulk_add, name="bulk-add"),
    path("users/", views_directory.user_list, name="users"),
    path("users/invite/", views_directory.user_invite, name="user-invite"),
    path("users/<int:pk>/", views_directory.user_detail, name="user-detail"),
    path("users/<int:pk>/resend/", views_directory.user_resend, name="user-resend"),
]
