from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    """An incoming student a bulk action left as it was, and why, in words an officer reads."""

    incoming_student_id: int
    message: str


@dataclass
class BulkOutcome:
    """What a bulk action did: the incoming students it changed and those it refused."""

    done: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def changed_message(incoming_student_id: int, state_label: str | None) -> str:
    if state_label is None:
        return f"Incoming student {incoming_student_id} was not found. It may have been removed."
    return (
        f"Incoming student {incoming_student_id} was changed by someone else since you "
        f"opened it and is now {state_label.lower()}."
    )
