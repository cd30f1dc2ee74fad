"""Security settings and answers: CSP, cookies, HSTS, the secret key, and not found."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from factories import IncomingStudentFactory
from portal_backoffice.intake.models import ImportJob
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


def settings_in_fresh_process(environment: dict[str, str], *names: str):
    """Import the settings in a new Python with only the given PORTAL_ variables set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.update(environment)
    env["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(PROJECT_DIR / "var"))
    code = (
        "import portal_backoffice.settings as s; "
        f"print(repr([getattr(s, name) for name in {list(names)!r}]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_settings_without_secret_key_fail_outside_demo():
    result = settings_in_fresh_process({}, "SECRET_KEY")

    assert result.returncode == 1
    assert "ImproperlyConfigured: PORTAL_SECRET_KEY is not set." in result.stderr


def test_production_cookies_are_secure():
    result = settings_in_fresh_process(
        {"PORTAL_SECRET_KEY": "k" * 50},
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    )

    assert result.stdout.strip() == "[True, True, True]", result.stderr


def test_demo_cookies_work_over_http():
    result = settings_in_fresh_process(
        {"PORTAL_DEMO": "1"}, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"
    )

    assert result.stdout.strip() == "[False, False]", result.stderr


def test_hsts_and_https_redirect_come_from_environment():
    result = settings_in_fresh_process(
        {
            "PORTAL_SECRET_KEY": "k" * 50,
            "PORTAL_HSTS_SECONDS": "31536000",
            "PORTAL_HSTS_INCLUDE_SUBDOMAINS": "1",
            "PORTAL_SSL_REDIRECT": "1",
        },
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
    )

    assert result.stdout.strip() == "[31536000, True, True]", result.stderr


def test_https_redirect_and_hsts_reach_responses(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    plain = client.get(reverse("accounts:login"))
    secure = client.get(reverse("accounts:login"), secure=True)

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/sign-in/"
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def test_pages_send_csp_with_inline_script_nonce(client):
    response = client.get(reverse("accounts:login"))

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [attributes for attributes in scripts if "src=" not in attributes]
    assert inline == [f' nonce="{nonce}"']


def test_nonce_changes_per_response(client):
    first = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    second = client.get(reverse("accounts:login"))["Content-Security-Policy"]

    assert first != second


def test_frames_and_sniffing_are_refused(client):
    response = client.get(reverse("accounts:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def detail_urls(incoming_student_id: int, job_id: int) -> list[str]:
    return [
        reverse("review:possible_matches", args=[incoming_student_id]),
        reverse("review:conflicts", args=[incoming_student_id]),
        reverse("review:upload_job", args=[job_id]),
    ]


def page_text(response) -> str:
    """Return the page without the values that change on every response."""
    text = response.content.decode()
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_user_without_permission_cannot_tell_missing_from_existing(make_user, officer):
    existing = IncomingStudentFactory(state=State.MATCHED_WITH_CONFLICTS)
    job = ImportJob.objects.create(content=b"{}", name="headcount.json", uploaded_by=officer)
    client = Client()
    client.force_login(make_user("no.permission"))

    present_urls = detail_urls(existing.pk, job.pk)
    missing_urls = detail_urls(existing.pk + 1000, job.pk + 1000)
    for present, missing in zip(present_urls, missing_urls, strict=True):
        shown = client.get(present)
        absent = client.get(missing)
        assert (shown.status_code, absent.status_code) == (403, 403), present
        assert page_text(shown) == page_text(absent), present


def test_missing_records_are_not_found_for_officer(officer_client):
    for url in detail_urls(999999, 999999):
        response = officer_client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode(), url
