"""Background work for reports (django-tasks; the database backend is django-tasks-db)."""

from __future__ import annotations

from django_tasks import task

from reports import services


@task()
def generate_appendix(job_id: str) -> None:
    """Render (and, if asked, issue) one queued appendix."""
    services.appendix_job_run(job_id=job_id)


@task()
def generate_export(job_id: str) -> None:
    """Write one queued Find export (CSV or XLSX)."""
    from reports import export_jobs

    export_jobs.export_job_run(job_id=job_id)
