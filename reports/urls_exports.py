"""URLs of large Find exports written in the task worker: progress page and file."""

from django.urls import path

from reports import views_exports as views

urlpatterns = [
    path("exports/<uuid:pk>/", views.export_job, name="export-job"),
    path("exports/<uuid:pk>/file/", views.export_job_file, name="export-job-file"),
]
