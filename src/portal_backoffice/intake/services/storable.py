"""Make read values fit the database before an import stores them.

SQLite stores any text in any column, but PostgreSQL rejects text longer than
a column's max_length and any text or JSON containing the NUL character
(U+0000). Neither database takes a lone UTF-16 surrogate, which a JSON
escape such as \\ud800 can produce. A value that breaks one of these rules
makes its record invalid, with an error naming the field, and is cut or
cleaned so that the record can still be stored for an officer to see.
"""

from functools import cache

from ..formats.types import CarerSubmission, ChildSubmission, FieldError
from ..models import IncomingCarer, IncomingStudent

# PostgreSQL's text and jsonb types cannot contain U+0000.
NUL = "\x00"
REPLACEMENT = "\ufffd"


def child_submissions_make_storable(children: list[ChildSubmission]) -> None:
    """Cut over-long text to its column and replace NUL characters, adding an error for each."""
    for child in children:
        errors = _text_errors(child, IncomingStudent, prefix="", label="")
        for carer in child.carers:
            errors += _text_errors(
                carer,
                IncomingCarer,
                prefix=f"carers[{carer.priority}].",
                label=f"Carer {carer.priority} ",
            )
        child.raw = _cleaned(child.raw)
        child.extra_data = _cleaned(child.extra_data)
        child.module_data = _cleaned(child.module_data)
        earlier = [FieldError(error.field, _cleaned(error.message)) for error in child.errors]
        child.errors = [*earlier, *errors]


def _text_errors(
    submission: ChildSubmission | CarerSubmission, model, *, prefix: str, label: str
) -> list[FieldError]:
    errors = []
    for field_name, verbose_name, max_length in _text_fields(model):
        value = getattr(submission, field_name, None)
        if not isinstance(value, str):
            continue
        name = f"{label}{verbose_name}".capitalize()
        cleaned = _cleaned(value)
        if cleaned != value:
            value = cleaned
            errors.append(
                FieldError(prefix + field_name, f"{name} contains a character that is not text")
            )
        if len(value) > max_length:
            value = value[:max_length]
            errors.append(
                FieldError(prefix + field_name, f"{name} must be {max_length} characters or fewer")
            )
        setattr(submission, field_name, value)
    return errors


@cache
def _text_fields(model) -> tuple[tuple[str, str, int], ...]:
    """Return (name, verbose name, max_length) of each of the model's fields with a max_length."""
    return tuple(
        (field.name, str(field.verbose_name), field.max_length)
        for field in model._meta.get_fields()
        if getattr(field, "max_length", None)
    )


def _cleaned(value):
    """Return the value with NUL characters and lone surrogates replaced, in any nesting."""
    if isinstance(value, str):
        # ASCII text has no surrogates, so only NUL needs looking for.
        if value.isascii() and NUL not in value:
            return value
        text = value.replace(NUL, REPLACEMENT)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
        return text
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value
