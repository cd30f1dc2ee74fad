from django.conf import settings
from django.db import models

from .files import IncomingFile


class ImportJob(models.Model):
    """One uploaded portal file waiting for, or given, a background import."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        REJECTED = "rejected", "Rejected"

    FINISHED_STATES = (State.DONE, State.FAILED, State.REJECTED)

    content = models.BinaryField()
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # "host:pid" of the worker process that claimed the job, so that a job left
    # running by a process that died can be found and queued again.
    worker = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveIntegerField("children matched", default=0)
    progress_total = models.PositiveIntegerField("children to match", default=0)
    message = models.TextField(blank=True)
    incoming_file = models.OneToOneField(
        IncomingFile, on_delete=models.PROTECT, null=True, blank=True, related_name="import_job"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Import job {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES
