"""URLs of the recommendations app, assembled from one module per feature."""

from recommendations import urls_access, urls_clerk, urls_find, urls_import, urls_officer

app_name = "recommendations"

urlpatterns = [
    *urls_officer.urlpatterns,
    *urls_find.urlpatterns,
    *urls_import.urlpatterns,
    *urls_access.urlpatterns,
    *urls_clerk.urlpatterns,
]
