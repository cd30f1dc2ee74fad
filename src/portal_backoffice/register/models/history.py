from django.conf import settings
from django.db import models


class ValueChange(models.Model):
    """One register value overwritten by a decision, with the value it replaced."""

    model = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    # The incoming student whose data caused the change, when there is one.
    incoming_student_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["model", "object_id"])]
