"""Background imports: an uploaded file becomes an ImportJob run by `manage.py db_worker`.

The import reads and matches the file outside any transaction, writing only
the job's progress, then stores everything in one transaction that also
marks the job done. A worker killed mid-import therefore leaves the job
"running" with nothing imported. import_jobs_recover finds such jobs by the
worker's host and process id, and queues them again. Running a job twice
imports its file once, because a finished job is skipped and a file ID is
imported only once.
"""

import logging
import os
import socket
import time

from django.db import DatabaseError, transaction
from django.tasks import task
from django.utils import timezone

from .formats import FileRejected
from .models import ImportJob
from .services.importing import incoming_file_prepare, incoming_file_store

logger = logging.getLogger(__name__)

# Progress is written at most this often, in seconds, so that a large file
# costs a few dozen small updates rather than one per batch.
PROGRESS_INTERVAL_SECONDS = 1.0


def import_job_create(*, content: bytes, name: str, uploaded_by) -> ImportJob:
    """Store an uploaded file as a queued job and queue its import once the job is saved."""
    with transaction.atomic():
        job = ImportJob.objects.create(content=content, name=name, uploaded_by=uploaded_by)
        transaction.on_commit(lambda: import_job_run.enqueue(job_id=job.pk))

    logger.info("Import job queued: job=%d bytes=%d", job.pk, len(content))
    return job


@task
def import_job_run(*, job_id: int) -> str:
    """Import a queued job's file. Return the job's final state."""
    job = _job_claim(job_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id).state

    try:
        prepared = incoming_file_prepare(
            content=bytes(job.content),
            name=job.name,
            actor=job.uploaded_by,
            progress=_ProgressWriter(job.pk),
        )
        with transaction.atomic():
            result = incoming_file_store(prepared)
            _job_finish(
                job,
                state=ImportJob.State.DONE,
                message=f"Imported {result.total} children",
                incoming_file=result.incoming_file,
                done=result.total,
            )
    except FileRejected as rejection:
        _job_finish(job, state=ImportJob.State.REJECTED, message=str(rejection))
    except Exception:
        logger.exception("Import job failed: job=%d", job.pk)
        _job_finish(
            job,
            state=ImportJob.State.FAILED,
            message="The import failed with an unexpected error. Nothing from the file was "
            "imported. Ask an administrator to check the logs, then upload the file again.",
        )
    return job.state


def import_jobs_recover() -> list[int]:
    """Queue again every job left running by a process on this host that has ended.

    Return the ids of the jobs queued again. A job claimed on another host is
    left alone, because only that host can tell whether its worker still runs.
    """
    host = socket.gethostname()
    stale = [
        job
        for job in ImportJob.objects.filter(state=ImportJob.State.RUNNING).only("pk", "worker")
        if _worker_ended(job.worker, host)
    ]

    requeued = []
    for job in stale:
        with transaction.atomic():
            updated = ImportJob.objects.filter(
                pk=job.pk, state=ImportJob.State.RUNNING, worker=job.worker
            ).update(state=ImportJob.State.QUEUED, worker="", progress_done=0)
            if updated:
                transaction.on_commit(lambda pk=job.pk: import_job_run.enqueue(job_id=pk))
                requeued.append(job.pk)

    logger.info("Import jobs recovered: requeued=%d", len(requeued))
    return requeued


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _worker_ended(worker: str, host: str) -> bool:
    worker_host, _, pid = worker.rpartition(":")
    if worker_host != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        # The process exists but belongs to another user.
        return False
    return False


def _job_claim(job_id: int) -> ImportJob | None:
    """Mark the job running for this process, or return None when it must not run here."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("uploaded_by").get(pk=job_id)
        if job.state != ImportJob.State.QUEUED:
            logger.info("Import job skipped: job=%d state=%s", job.pk, job.state)
            return None
        job.state = ImportJob.State.RUNNING
        job.worker = _worker_name()
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["state", "worker", "attempts", "started_at"])

    logger.info("Import job started: job=%d attempt=%d", job.pk, job.attempts)
    return job


def _job_finish(job: ImportJob, *, state, message: str, incoming_file=None, done=None) -> None:
    job.state = state
    job.message = message
    job.incoming_file = incoming_file
    job.finished_at = timezone.now()
    fields = ["state", "message", "incoming_file", "finished_at"]
    if done is not None:
        job.progress_done = job.progress_total = done
        fields += ["progress_done", "progress_total"]
    job.save(update_fields=fields)

    logger.info("Import job finished: job=%d state=%s", job.pk, state)


class _ProgressWriter:
    """Write an import's progress to its job as the file is matched.

    Matching runs outside any transaction, so each update commits at once and
    the job page shows it on SQLite and PostgreSQL alike.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self._written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._written_at < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        self._written_at = now
        try:
            ImportJob.objects.filter(pk=self.job_id).update(
                progress_done=done, progress_total=total
            )
        except DatabaseError:
            # Progress is only shown to officers, so a write that fails (on
            # SQLite, another writer kept the lock past the busy timeout) must
            # not stop the import. The next update tries again.
            logger.warning(
                "Import job progress not written: job=%d done=%d total=%d",
                self.job_id,
                done,
                total,
                exc_info=True,
            )
