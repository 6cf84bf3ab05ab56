"""URLs of the performance dashboard."""

from django.urls import path

from performance import views, views_papers

app_name = "performance"

urlpatterns = [
    path("", views.dashboard_list, name="list"),
    path("import/", views_papers.dashboard_import, name="import"),
    path("<int:pk>/", views.dashboard_detail, name="dashboard"),
    path("<int:pk>/export.xlsx", views_papers.dashboard_export, name="export"),
    path("<int:pk>/appendix.pdf", views_papers.dashboard_pdf, name="pdf"),
    path("<int:pk>/issue/", views_papers.dashboard_issue, name="issue"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/values/new/", views.value_add, name="value-add"),
    path("indicators/<int:pk>/settings/", views.indicator_settings, name="indicator-settings"),
    path("outcomes/<int:pk>/rag/", views.outcome_rag, name="outcome-rag"),
    path("issued/<int:pk>/pdf/", views_papers.issued_pdf, name="issued-pdf"),
]
