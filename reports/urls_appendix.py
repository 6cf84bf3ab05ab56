"""URLs of the appendix: choose and preview, PDF, large-job progress, issue, issued papers."""

from django.urls import path

from reports import views_appendix as views

urlpatterns = [
    path("appendix/", views.appendix, name="appendix"),
    path("appendix/pdf/", views.appendix_pdf, name="appendix-pdf"),
    path("appendix/issue/", views.appendix_issue, name="appendix-issue"),
    path("appendix/issue/confirm/", views.appendix_issue_confirm, name="appendix-issue-confirm"),
    path("appendix/thumbnail/", views.appendix_thumbnail, name="appendix-thumbnail"),
    path("appendix/jobs/<uuid:pk>/", views.appendix_job, name="appendix-job"),
    path("appendix/jobs/<uuid:pk>/pdf/", views.appendix_job_pdf, name="appendix-job-pdf"),
    path("issued/", views.issued_list, name="issued-list"),
    path("issued/<int:pk>/pdf/", views.issued_pdf, name="issued-pdf"),
]
