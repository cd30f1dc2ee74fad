from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail in the admin, which offers no add, change or delete."""

    list_display = (
        "occurred_at",
        "action",
        "actor",
        "incoming_student_id",
        "student_id",
        "person_id",
        "from_state",
        "to_state",
    )
    list_filter = ("action", "to_state")
    search_fields = ("=incoming_student_id", "=student_id", "=person_id", "=incoming_file_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
