from dataclasses import dataclass, field


@dataclass(frozen=True)
class SkippedStudent:
    """An incoming student that a bulk action left unchanged, with the reason an officer reads."""

    incoming_student_id: int
    message: str


@dataclass
class BulkOutcome:
    """The result of a bulk action: the incoming students it changed and those it skipped."""

    done: list[int] = field(default_factory=list)
    skipped: list[SkippedStudent] = field(default_factory=list)


def changed_message(incoming_student_id: int, state_label: str | None) -> str:
    if state_label is None:
        return f"Incoming student {incoming_student_id} was not found. It may have been removed."
    return (
        f"Incoming student {incoming_student_id} was changed by someone else since you "
        f"opened it and is now {state_label.lower()}."
    )
