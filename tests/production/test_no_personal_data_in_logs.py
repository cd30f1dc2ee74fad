"""No log line or exception message carries a name, date of birth, NI number or postcode.

A small synthetic LA is loaded and its portal files imported through the
command and the upload job, then an officer works every back-office page
while every logger records at DEBUG.
"""

import csv
import datetime
import json
import logging
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from factories import TEST_PASSWORD
from portal_backoffice.intake.models import ImportJob, IncomingStudent, PossibleMatch
from portal_backoffice.intake.models.choices import State

SEED = 11
STUDENTS = 400
LOGGER_NAMES = ("", "django", "django.request", "django.db.backends", "splink", "py.warnings")


class RecordingHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line(settings):
    """Record every log line at DEBUG, formatted with its traceback.

    Every logger records at DEBUG except those the settings stop at a higher
    level because they print personal data at DEBUG.
    """
    handler = RecordingHandler()
    pinned = settings.LOGGING["loggers"]
    names = set(LOGGER_NAMES) | set(logging.root.manager.loggerDict)
    loggers = [logging.getLogger(name) for name in names if name not in pinned]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    logging.root.addHandler(handler)
    logging.captureWarnings(True)
    yield handler.lines
    logging.captureWarnings(False)
    logging.root.removeHandler(handler)
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled


def test_only_known_loggers_stop_above_debug(settings):
    levels = {name: config["level"] for name, config in settings.LOGGING["loggers"].items()}

    assert levels == {"splink": "WARNING", "django.template": "INFO", "django.db.backends": "INFO"}


def date_forms(value: str) -> set[str]:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        # An impossible date, such as 2019-02-30, that the generator writes to
        # make a record invalid: only its text can appear in a log.
        return {value}
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%Y%m%d"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        repr(day),
    }


def personal_values(la_dir: Path) -> set[str]:
    """Return every name, date of birth, NI number and postcode in the LA's files."""
    values: set[str] = set()
    for table in ("students", "people", "student_addresses"):
        with (la_dir / "register" / f"{table}.csv").open(newline="") as handle:
            for row in csv.DictReader(handle):
                values |= row_values(row)
    for path in (la_dir / "portal").iterdir():
        if path.suffix == ".json":
            for child in json.loads(path.read_text())["children"]:
                values |= row_values(child)
                for carer in child.get("carers") or []:
                    values |= row_values(carer)
        else:
            with path.open(newline="") as handle:
                for row in csv.DictReader(handle):
                    values |= row_values(row)
    return values


def row_values(row: dict) -> set[str]:
    found: set[str] = set()
    for key, value in row.items():
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if key.endswith(("forename", "surname", "middle_names")) and len(value) >= 4:
            found.add(value)
        elif key.endswith("date_of_birth") and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            found |= date_forms(value)
        elif key.endswith(("ni_number", "postcode")) and len(value) >= 5:
            found |= {value, value.replace(" ", "")}
    return found


def leaks(lines: list[str], values: set[str]) -> list[tuple[str, str]]:
    found = []
    for line in lines:
        for value in values:
            if re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", line):
                start = max(0, line.find(value) - 300)
                found.append((value, line[start : start + 600]))
    return found


def officer_works_the_queues(client: Client) -> int:
    """Drive every back-office page and decision once. Return the number of requests made."""
    requests = 0
    unmatched = list(IncomingStudent.objects.filter(state=State.UNMATCHED).order_by("pk"))
    with_matches = [student for student in unmatched if student.has_possible_matches]
    conflicted = IncomingStudent.objects.filter(state=State.MATCHED_WITH_CONFLICTS).first()

    for name in ("review:search", "review:unmatched", "review:matched_with_conflicts"):
        assert client.get(reverse(name)).status_code == 200
        requests += 1
    surname = unmatched[0].surname
    assert client.get(reverse("review:unmatched"), {"name": surname}).status_code == 200
    requests += 1

    chosen = with_matches[0]
    url = reverse("review:possible_matches", args=[chosen.pk])
    assert client.get(url).status_code == 200
    match = PossibleMatch.objects.filter(incoming_student=chosen).order_by("rank").first()
    response = client.post(
        reverse("review:select", args=[chosen.pk]),
        {"student_id": match.student_id, "version": chosen.version},
    )
    assert response.status_code == 302
    requests += 2

    rest = [student for student in unmatched if student.pk != chosen.pk]
    for action, student in (("review:add_new", rest[0]), ("review:discard", rest[1])):
        data = {"incoming_student_ids": [student.pk]}
        assert client.post(reverse(action), data).status_code == 200
        assert client.post(reverse(action), {**data, "confirm": "yes"}).status_code == 302
        requests += 2

    stale = client.post(reverse("review:select", args=[chosen.pk]), {"student_id": 1, "version": 1})
    assert stale.status_code in (400, 409)
    requests += 1
    if conflicted is not None:
        assert client.get(reverse("review:conflicts", args=[conflicted.pk])).status_code == 200
        requests += 1
    assert client.get(reverse("review:possible_matches", args=[999999])).status_code == 404
    return requests + 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_personal_data_in_logs(
    migration_rows,
    tmp_path,
    make_user,
    every_log_line,
    settings,
    django_capture_on_commit_callbacks,
):
    # DEBUG makes Django log every SQL query with its parameters.
    settings.DEBUG = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    la_dir = tmp_path / "la"
    call_command("generate_la", seed=SEED, students=STUDENTS, out=la_dir, verbosity=0)
    portal_files = sorted((la_dir / "portal").iterdir())
    call_command("load_register", la_dir / "register", verbosity=0)
    call_command("rebuild_match_index", verbosity=0)
    call_command("import", *portal_files[1:], "--no-progress", verbosity=0)

    officer = make_user("ada.quenby", "Portal LA Data Processing", "Portal Conflict Management")
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": officer.username, "password": "wrong"}
        ).status_code
        == 200
    )
    client.post(
        reverse("accounts:login"), {"username": officer.username, "password": TEST_PASSWORD}
    )
    upload = SimpleUploadedFile(portal_files[0].name, portal_files[0].read_bytes())
    response = client.post(reverse("review:upload"), {"portal_file": upload})
    assert client.get(response["Location"]).status_code == 200
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    officer_works_the_queues(client)

    values = personal_values(la_dir)
    assert len(values) > 500
    assert len(every_log_line) > 50
    found = leaks(every_log_line, values)
    assert found == []
