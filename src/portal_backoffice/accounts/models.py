from django.conf import settings
from django.db import models
from django.utils import timezone

# Permission codenames, granted through groups of the same names.
LA_DATA_PROCESSING = "portal_la_data_processing"
CONFLICT_MANAGEMENT = "portal_conflict_management"
PERMISSION_NAMES = {
    LA_DATA_PROCESSING: "Portal LA Data Processing",
    CONFLICT_MANAGEMENT: "Portal Conflict Management",
}


class PortalAccess(models.Model):
    """Holds the back office's two permissions; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = list(PERMISSION_NAMES.items())

    def __str__(self):
        return "Portal access"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One decision or change of state, written in the same transaction as the change."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Empty only for the system's own work, such as automatic matching.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    incoming_student_id = models.BigIntegerField(null=True, db_index=True)
    student_id = models.BigIntegerField(null=True, db_index=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    incoming_file_id = models.BigIntegerField(null=True, db_index=True)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    # Ids and field names only: never names, dates of birth or other personal data.
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"Audit event {self.pk}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class SignInFailure(models.Model):
    """One failed sign-in: the user name tried, in lower case, and the client address.

    accounts.throttling counts these rows to refuse sign-in after repeated failures.
    """

    username = models.CharField(max_length=150, db_index=True)
    client_address = models.GenericIPAddressField(null=True, db_index=True)
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Failed sign-in {self.pk}"
