"""The officers of the load test: threads that sign in and decide unmatched students over HTTP."""

import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from bench.load_setup import OFFICER_PASSWORD

# Seconds before one request counts as failed.
REQUEST_TIMEOUT = 120
ADDED_MESSAGE = "1 student added to the register."
DISCARDED_MESSAGE = "1 student discarded."


@dataclass(frozen=True)
class RequestTiming:
    """One request: its kind, when it started (Unix time) and how long it took, in seconds."""

    kind: str
    started_at: float
    seconds: float


@dataclass
class OfficerResult:
    requests: list[RequestTiming] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    decisions: int = 0
    # Decisions refused because another officer decided the student first.
    conflicts: int = 0


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Inputs(HTMLParser):
    """The name and value of every <input> on a page."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values.append((attributes["name"], attributes.get("value") or ""))


class Officer:
    """One signed-in officer with its own cookies, timing every request."""

    def __init__(self, base_url: str, result: OfficerResult):
        self.base_url = base_url
        self.result = result
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, path: str, data: dict | None = None, *, body=None, content_type=None):
        """Return (status, location, text) for one request, timing it."""
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self._csrf()}, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        request = Request(self.base_url + path, data=body)
        if content_type:
            request.add_header("Content-Type", content_type)
        started_at = time.time()
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                status, location, text = response.status, "", response.read().decode()
        except HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
            text = error.read().decode(errors="replace")
        except (URLError, TimeoutError, ConnectionError) as error:
            self._time(path, body, started_at, started)
            self.result.errors.append(f"{path}: {error}")
            return 0, "", ""
        self._time(path, body, started_at, started)
        if status >= 500:
            self.result.errors.append(f"{path}: HTTP {status}")
        return status, location, text

    def _time(self, path: str, body, started_at: float, started: float) -> None:
        seconds = time.monotonic() - started
        self.result.requests.append(RequestTiming(request_kind(path, body), started_at, seconds))

    def expect(self, path: str, statuses: tuple[int, ...], data=None):
        status, location, text = self.request(path, data)
        if status and status < 500 and status not in statuses:
            self.result.errors.append(f"{path}: HTTP {status}, expected {statuses}")
        return status, location, text

    def sign_in(self, username: str) -> None:
        self.expect("/accounts/sign-in/", (200,))
        self.expect(
            "/accounts/sign-in/", (302,), {"username": username, "password": OFFICER_PASSWORD}
        )

    def upload(self, path: Path) -> None:
        self.expect("/uploads/", (200,))
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f"--{boundary}\r\n".encode(),
                b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n',
                f"{self._csrf()}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="portal_file"; '
                f'filename="{path.name}"\r\nContent-Type: application/json\r\n\r\n'.encode(),
                path.read_bytes(),
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        status, location, _ = self.request(
            "/uploads/", body=body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        if status != 302:
            self.result.errors.append(f"/uploads/: HTTP {status}, expected 302")
            return
        self.expect(location, (200,))

    def decide(self, incoming_student_id: int, rng: random.Random) -> None:
        """Open the student's Possible Matches page, then select, add or discard it."""
        page = f"/incoming-students/{incoming_student_id}/possible-matches/"
        status, _, text = self.expect(page, (200, 302, 404))
        if status != 200:
            return
        inputs = _Inputs()
        inputs.feed(text)
        candidates = [value for name, value in inputs.values if name == "student_id"]
        versions = [value for name, value in inputs.values if name == "version"]
        choice = rng.random()
        if candidates and versions and choice < 0.6:
            self._select(incoming_student_id, candidates[0], versions[0])
        elif choice < 0.8:
            self._bulk("/incoming-students/add-new/", incoming_student_id, ADDED_MESSAGE)
        else:
            self._bulk("/incoming-students/discard/", incoming_student_id, DISCARDED_MESSAGE)

    def _select(self, incoming_student_id: int, student_id: str, version: str) -> None:
        path = f"/incoming-students/{incoming_student_id}/select/"
        status, location, _ = self.expect(
            path, (302, 400, 409), {"student_id": student_id, "version": version}
        )
        if status == 302:
            self.result.decisions += 1
            self.expect(location, (200,))
        elif status in (400, 409):
            self.result.conflicts += 1

    def _bulk(self, path: str, incoming_student_id: int, done_message: str) -> None:
        status, location, _ = self.expect(
            path, (302, 400), {"incoming_student_ids": incoming_student_id, "confirm": "yes"}
        )
        if status != 302:
            self.result.conflicts += status == 400
            return
        _, _, text = self.expect(location, (200,))
        if done_message in text:
            self.result.decisions += 1
        else:
            self.result.conflicts += 1

    def _csrf(self) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")


def request_kind(path: str, body) -> str:
    """Name the kind of a request, for the report's times per kind."""
    method = "POST" if body is not None else "GET"
    for fragment, kind in REQUEST_KINDS:
        if fragment in path:
            return f"{method} {kind}"
    return f"{method} other"


# Path fragment -> kind, first match wins.
REQUEST_KINDS = (
    ("/possible-matches/", "possible matches"),
    ("/select/", "select a match"),
    ("/add-new/", "add new"),
    ("/discard/", "discard"),
    ("/unmatched/", "unmatched list"),
    ("/uploads/", "upload"),
    ("/sign-in/", "sign in"),
)


def officers_run(
    *,
    base_url: str,
    assignments: list[list[int]],
    upload: Path,
    deadline: float,
    think_seconds: float,
) -> list[OfficerResult]:
    """Run one thread per officer until each has worked its list or the deadline passes."""
    results = [OfficerResult() for _ in assignments]
    threads = [
        threading.Thread(
            target=_officer_work,
            args=(base_url, number, students, upload if number == 0 else None, deadline, result),
            kwargs={"think_seconds": think_seconds},
        )
        for number, (students, result) in enumerate(zip(assignments, results, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _officer_work(base_url, number, students, upload, deadline, result, *, think_seconds) -> None:
    officer = Officer(base_url, result)
    rng = random.Random(number)
    officer.sign_in(f"officer{number}")
    if upload is not None:
        officer.upload(upload)
    for position, incoming_student_id in enumerate(students):
        if time.monotonic() > deadline:
            result.errors.append(f"officer{number}: stopped at the time limit")
            return
        if position % 3 == 0:
            officer.expect("/incoming-students/unmatched/", (200,))
        officer.decide(incoming_student_id, rng)
        # Reading time between students, so that the officers' work spans the import.
        time.sleep(rng.uniform(0.5, 1.5) * think_seconds)
