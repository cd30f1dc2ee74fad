"""The auditor: every service that changes state calls record() in its transaction."""

from django.contrib.auth.models import AbstractBaseUser

from .models import AuditEvent


def audit_record(
    *,
    action: str,
    actor: AbstractBaseUser | None,
    system: bool = False,
    incoming_student_id: int | None = None,
    student_id: int | None = None,
    person_id: int | None = None,
    incoming_file_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit event. An event without a user must be marked as the system's."""
    if actor is None and not system:
        raise ValueError(f"Audit event {action!r} has no user and is not marked as the system's.")

    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        incoming_student_id=incoming_student_id,
        student_id=student_id,
        person_id=person_id,
        incoming_file_id=incoming_file_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details or {},
    )
