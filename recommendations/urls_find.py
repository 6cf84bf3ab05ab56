"""Find: the list of actions across all plans, its exports and saved views."""

from django.urls import path

from recommendations import views_bulk, views_find

urlpatterns = [
    path("", views_find.recommendation_list, name="list"),
    path("export.csv", views_find.export_csv, name="export-csv"),
    path("export.xlsx", views_find.export_xlsx, name="export-xlsx"),
    path("bulk/", views_bulk.bulk_update, name="bulk-update"),
    path("bulk/done/", views_bulk.bulk_done, name="bulk-done"),
    path("saved-views/", views_find.saved_view_create, name="saved-view-create"),
    path("saved-views/<int:pk>/delete/", views_find.saved_view_delete, name="saved-view-delete"),
]
