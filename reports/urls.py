"""URLs of the reports app, assembled from one module per feature."""

from reports import urls_appendix, urls_dashboard

app_name = "reports"

urlpatterns = [
    *urls_appendix.urlpatterns,
    *urls_dashboard.urlpatterns,
]
