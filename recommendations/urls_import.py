"""Import: upload, preview and confirm an action plan; export one plan in the same shape."""

from django.urls import path, re_path

from recommendations import views_import, views_import_jobs, views_import_mappings

urlpatterns = [
    path("import/", views_import.import_upload, name="import"),
    path("import/preview/", views_import.import_preview, name="import-preview"),
    path("import/done/", views_import.import_done, name="import-done"),
    path("import/jobs/<uuid:pk>/", views_import_jobs.import_job, name="import-job"),
    path("import/mappings/", views_import_mappings.import_mapping_list, name="import-mappings"),
    path(
        "import/mappings/<int:pk>/delete/",
        views_import_mappings.import_mapping_delete,
        name="import-mapping-delete",
    ),
    re_path(
        r"^plans/(?P<slug>[-a-zA-Z0-9_]+)/export\.(?P<fmt>csv|xlsx)$",
        views_import.plan_export,
        name="plan-export",
    ),
]
