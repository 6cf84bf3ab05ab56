"""A large import's preview and confirm run in the task worker behind a progress page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recommendations.import_jobs import estimated_rows, import_job_run
from recommendations.models import ActionPlan, ImportJob
from tests.recommendations.test_import_round_trip import plan_csv
from tests.recommendations.test_import_views import DONE, PREVIEW, _mapping, token_from, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_BACKGROUND_ROWS = 50


def test_a_large_file_is_previewed_and_imported_by_the_worker(client, users, partnership):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "big.csv", plan_csv(80), new_plan_name="Big plan"))
    response = client.get(f"{PREVIEW}?upload={token}")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The test settings run tasks at once (ImmediateBackend); production runs db_worker.
    job.refresh_from_db()
    assert (job.state, job.action, job.row_count) == ("done", "preview", 80)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Check what will be imported" in page and page.count("New</strong>") == 80
    assert 'name="csrfmiddlewaretoken"' in page and page.count("<h1") == 1
    assert not ActionPlan.objects.filter(name="Big plan").exists()

    form = {"upload": token, "action": "confirm", "mapped_table": "0", **_mapping(page)}
    response = client.post(PREVIEW, form)
    confirm = ImportJob.objects.get(action="confirm")
    assert response["Location"] == confirm.get_absolute_url()
    done = client.get(confirm.get_absolute_url())
    assert done.status_code == 302 and done["Location"] == DONE
    assert "Import complete" in client.get(DONE).content.decode()
    plan = ActionPlan.objects.get(name="Big plan")
    assert plan.recommendations.count() == 80
    assert plan.recommendations.first().history.get().history_user == users["clerk"]


def test_the_progress_page_before_the_worker_runs_and_only_for_its_clerk(
    client, users, partnership, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(users["clerk"])
    token = token_from(upload(client, "big.csv", plan_csv(80), new_plan_name="Big plan"))
    job_url = client.get(f"{PREVIEW}?upload={token}")["Location"]
    page = client.get(job_url).content.decode()
    assert "Preparing the import" in page and 'data-app-poll="2"' in page
    assert "Check progress" in page
    client.force_login(users["admin"])
    assert client.get(job_url).status_code == 200  # administrators see every job
    client.force_login(users["officer"])
    assert client.get(job_url).status_code == 403  # officers cannot import at all

    job = ImportJob.objects.get()
    import_job_run(job_id=str(job.pk))  # what db_worker does
    client.force_login(users["clerk"])
    assert "Check what will be imported" in client.get(job_url).content.decode()


def test_a_vanished_upload_fails_the_job_with_a_message(client, users, partnership, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(users["clerk"])
    token = token_from(upload(client, "big.csv", plan_csv(80), new_plan_name="Big plan"))
    job_url = client.get(f"{PREVIEW}?upload={token}")["Location"]
    from recommendations.plan_import.read import uploads

    for path in uploads.folder().glob("*"):
        path.unlink()
    import_job_run(job_id=str(ImportJob.objects.get().pk))
    page = client.get(job_url).content.decode()
    assert "The import could not be prepared" in page
    assert "expired or was already imported" in page
    assert re.search(r'data-app-poll=""', page)


def test_rows_are_estimated_before_parsing():
    from benchmarks.bench_import import tracker_xlsx

    assert estimated_rows(tracker_xlsx(120), "t.xlsx") == 121  # with its heading row
    assert estimated_rows(plan_csv(70), "t.csv") == 71
    assert estimated_rows(b"a\n" * 400, "paper.txt") == 100


def test_small_files_stay_in_the_request(client, users, partnership):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "small.csv", plan_csv(10), new_plan_name="Small plan"))
    response = client.get(f"{PREVIEW}?upload={token}")
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert reverse("recommendations:import-preview") in response.content.decode()
