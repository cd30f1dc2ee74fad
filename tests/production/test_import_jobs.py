"""Background imports: the upload pages, the job task, and recovery after a crash."""

import os
import socket
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from portal_files import child, portal_json, register_student

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake import tasks
from portal_backoffice.intake.models import ImportJob, IncomingFile, IncomingStudent
from portal_backoffice.intake.tasks import import_job_create, import_job_run, import_jobs_recover

pytestmark = pytest.mark.django_db

UPN = "F373200124123"


def upload(client, content: bytes, name: str = "headcount.json"):
    return client.post(reverse("review:upload"), {"portal_file": SimpleUploadedFile(name, content)})


def test_upload_page_shows_file_upload(officer_client):
    response = officer_client.get(reverse("review:upload"))

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_upload_imports_file_and_shows_done(
    officer_client, school, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(officer_client, portal_json([child(), child(forename="Tobiah")]))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:upload_job", args=[job.pk])
    assert job.state == ImportJob.State.DONE
    assert job.incoming_file.file_id == "HC-0001"
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.message == "Imported 2 children"
    page = officer_client.get(response["Location"])
    assert b"Imported 2 children" in page.content
    assert b'http-equiv="refresh"' not in page.content


def test_queued_job_page_polls_its_status(officer_client, officer):
    job = ImportJob.objects.create(content=b"{}", name="headcount.json", uploaded_by=officer)
    url = reverse("review:upload_job", args=[job.pk])

    page = officer_client.get(url).content.decode()

    assert f'hx-get="{url}?shown=queued" hx-trigger="every 3s" hx-swap="outerHTML"' in page
    assert f'<a class="govuk-link" href="{url}">refresh the page</a>' in page
    assert 'http-equiv="refresh"' not in page
    assert 'id="job-announcement" class="govuk-visually-hidden" aria-live="polite"' in page
    assert "Queued" in page


def test_job_status_poll_returns_region_only(officer_client, officer):
    job = ImportJob.objects.create(
        content=b"{}",
        name="headcount.json",
        uploaded_by=officer,
        state=ImportJob.State.RUNNING,
        progress_done=500,
        progress_total=2000,
    )
    url = reverse("review:upload_job", args=[job.pk])

    response = officer_client.get(url, {"shown": "queued"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="job-status"')
    assert "<html" not in text
    assert "500 of 2000 children matched (25%)" in text
    assert f'hx-get="{url}?shown=running"' in text
    assert '<p hx-swap-oob="innerHTML:#job-announcement">Status: Importing.</p>' in text
    assert "HX-Request" in response["Vary"]


def test_job_status_poll_announces_only_changes(officer_client, officer):
    job = ImportJob.objects.create(
        content=b"{}", name="headcount.json", uploaded_by=officer, state=ImportJob.State.RUNNING
    )
    url = reverse("review:upload_job", args=[job.pk])

    response = officer_client.get(url, {"shown": "running"}, headers={"HX-Request": "true"})

    assert b"hx-swap-oob" not in response.content


def test_finished_job_status_poll_stops_polling(officer_client, officer):
    job = ImportJob.objects.create(
        content=b"{}",
        name="headcount.json",
        uploaded_by=officer,
        state=ImportJob.State.DONE,
        message="Imported 2 children",
    )
    url = reverse("review:upload_job", args=[job.pk])

    response = officer_client.get(url, {"shown": "running"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert "hx-get" not in text
    assert "hx-trigger" not in text
    assert "Status: Imported. Imported 2 children</p>" in text
    assert "Go to unmatched incoming students" in text


def test_rejected_upload_shows_reason(
    officer_client, school, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer_client, b"not a portal file", name="broken.json")

    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.REJECTED
    assert (
        job.message
        == "broken.json, line 1: the file is not valid JSON (Expecting value at column 1)"
    )
    assert not IncomingFile.objects.exists()


def test_upload_without_file_is_an_error(officer_client):
    response = officer_client.post(reverse("review:upload"), {})

    assert response.status_code == 400
    assert "Select a portal file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_upload_over_size_limit_is_refused(officer_client, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024

    response = upload(officer_client, b" " * (1024 * 1024 + 1), name="huge.json")

    assert response.status_code == 400
    text = response.content.decode()
    assert "huge.json is 1.0 MB. The selected file must be smaller than 1.0 MB" in text
    assert not ImportJob.objects.exists()


def test_upload_needs_data_processing_permission(client, make_user):
    client.force_login(make_user("conflicts.only", "Portal Conflict Management"))

    assert client.get(reverse("review:upload")).status_code == 403
    assert upload(client, b"{}").status_code == 403


def test_job_page_for_missing_job_is_not_found(officer_client):
    assert officer_client.get(reverse("review:upload_job", args=[999999])).status_code == 404


def test_finished_job_runs_again_without_importing(school, officer, immediate_tasks):
    job = ImportJob.objects.create(
        content=portal_json([child()]), name="headcount.json", uploaded_by=officer
    )
    import_job_run.call(job_id=job.pk)

    state = import_job_run.call(job_id=job.pk)

    assert state == ImportJob.State.DONE
    assert IncomingFile.objects.count() == 1
    assert IncomingStudent.objects.count() == 1


def test_second_upload_of_same_file_id_is_rejected(school, officer, immediate_tasks):
    content = portal_json([child()])
    first = ImportJob.objects.create(content=content, name="a.json", uploaded_by=officer)
    second = ImportJob.objects.create(content=content, name="b.json", uploaded_by=officer)

    import_job_run.call(job_id=first.pk)
    import_job_run.call(job_id=second.pk)

    second.refresh_from_db()
    assert second.state == ImportJob.State.REJECTED
    assert "File ID HC-0001 was already imported" in second.message
    assert IncomingStudent.objects.count() == 1


def test_job_of_dead_worker_is_queued_again_and_imports_once(school, officer, immediate_tasks):
    ended = subprocess.Popen(["true"])  # noqa: S607
    ended.wait()
    job = ImportJob.objects.create(
        content=portal_json([child()]),
        name="headcount.json",
        uploaded_by=officer,
        state=ImportJob.State.RUNNING,
        worker=f"{socket.gethostname()}:{ended.pid}",
        attempts=1,
    )

    requeued = import_jobs_recover()
    import_job_run.call(job_id=job.pk)

    job.refresh_from_db()
    assert requeued == [job.pk]
    assert job.state == ImportJob.State.DONE
    assert job.attempts == 2
    assert IncomingStudent.objects.count() == 1


def test_job_of_live_worker_is_left_running(officer):
    job = ImportJob.objects.create(
        content=b"{}",
        name="headcount.json",
        uploaded_by=officer,
        state=ImportJob.State.RUNNING,
        worker=f"{socket.gethostname()}:{os.getppid()}",
    )

    assert import_jobs_recover() == []
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING


def test_failed_import_rolls_back_everything(school, officer, immediate_tasks, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        "portal_backoffice.intake.services.importing.incoming_students_match", crash
    )
    job = ImportJob.objects.create(
        content=portal_json([child()]), name="headcount.json", uploaded_by=officer
    )

    import_job_run.call(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "Nothing from the file was imported" in job.message
    assert not IncomingFile.objects.exists()
    assert not IncomingStudent.objects.exists()


def test_failed_write_rolls_back_everything(school, officer, immediate_tasks, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    register_student(upn=UPN)
    monkeypatch.setattr("portal_backoffice.intake.services.import_rows.link_plans_write", crash)
    job = ImportJob.objects.create(
        content=portal_json([child(upn=UPN), child(forename="Tobiah")]),
        name="headcount.json",
        uploaded_by=officer,
    )

    import_job_run.call(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.incoming_file is None
    assert not IncomingFile.objects.exists()
    assert not IncomingStudent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_progress_written_before_write_transaction(school, officer, immediate_tasks, monkeypatch):
    monkeypatch.setattr("portal_backoffice.intake.tasks.PROGRESS_INTERVAL_SECONDS", 0)
    monkeypatch.setattr("portal_backoffice.intake.services.automatic_matching.MATCH_BATCH_SIZE", 1)
    seen = []
    store = tasks.incoming_file_store

    def store_noting_progress(prepared):
        job_row = ImportJob.objects.values("state", "progress_done", "progress_total").get()
        seen.append((job_row, IncomingStudent.objects.count()))
        return store(prepared)

    monkeypatch.setattr(tasks, "incoming_file_store", store_noting_progress)
    job = ImportJob.objects.create(
        content=portal_json([child(), child(forename="Tobiah"), child(forename="Isolde")]),
        name="headcount.json",
        uploaded_by=officer,
    )

    import_job_run.call(job_id=job.pk)

    job.refresh_from_db()
    assert seen == [({"state": "running", "progress_done": 3, "progress_total": 3}, 0)]
    assert job.state == ImportJob.State.DONE


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_queued_upload(school, officer):
    job = import_job_create(
        content=portal_json([child()]), name="headcount.json", uploaded_by=officer
    )

    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.incoming_file.students.count() == 1


def test_navigation_links_upload_for_data_processors(officer_client, client, make_user):
    page = officer_client.get(reverse("review:upload")).content.decode()
    client.force_login(make_user("conflicts.only", "Portal Conflict Management"))
    other = client.get(reverse("review:matched_with_conflicts")).content.decode()

    assert 'href="/uploads/" aria-current="true">Upload a file</a>' in page
    assert ">Upload a file</a>" not in other
