"""Background work for imports (django-tasks; the database backend is django-tasks-db)."""

from __future__ import annotations

from django_tasks import task

from recommendations import import_jobs


@task()
def run_import_job(job_id: str) -> None:
    """Preview or import one large uploaded file."""
    import_jobs.import_job_run(job_id=job_id)
