"""URLs of the reports app, assembled from one module per feature."""

from reports import urls_appendix, urls_dashboard, urls_exports, urls_review

app_name = "reports"

urlpatterns = [
    *urls_appendix.urlpatterns,
    *urls_dashboard.urlpatterns,
    *urls_exports.urlpatterns,
    *urls_review.urlpatterns,
]
