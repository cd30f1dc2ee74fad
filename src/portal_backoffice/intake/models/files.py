from django.conf import settings
from django.db import models

from portal_backoffice.register.models import Base

from .choices import Module, Source


class IncomingFile(models.Model):
    """One submission batch, with its raw content kept verbatim."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"

    file_id = models.CharField("file ID", max_length=64, unique=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    module = models.CharField(max_length=20, choices=Module.choices)
    base = models.ForeignKey(Base, on_delete=models.PROTECT, related_name="incoming_files")
    created_at = models.DateTimeField("file created")
    imported_at = models.DateTimeField("file imported", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_format = models.CharField(max_length=4, choices=Format.choices)
    original_name = models.CharField(max_length=255)
    raw_content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    model_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.file_id
