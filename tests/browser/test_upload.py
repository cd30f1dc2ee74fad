"""An officer uploads a portal file and follows its import to the Unmatched tab."""

import json
import re

import pytest
from playwright.sync_api import expect
from tests.factories import BaseFactory

from portal_backoffice.intake.models import ImportJob

pytestmark = pytest.mark.browser

# The test nursery's DfE number: LA code 999, establishment 1001.
LAESTAB = "9991001"


def portal_file_bytes(*forenames: str) -> bytes:
    """Build a provider portal headcount file with one invented child per forename."""
    children = [
        {
            "forename": forename,
            "surname": "Brackenbury",
            "date_of_birth": "2022-03-14",
            "gender": "F",
            "address_line_1": "12 Osier Lane",
            "town": "Fenwick",
            "postcode": "ZZ9 4QT",
            "module_data": {"funded_hours": 15},
        }
        for forename in forenames
    ]
    document = {
        "header": {
            "schema_version": "1.0",
            "file_id": "HC-BROWSER-0001",
            "source": "provider_portal",
            "module": "HEADCOUNT",
            "base": {"laestab": LAESTAB},
            "created_at": "2026-11-30T09:00:00Z",
        },
        "children": children,
    }
    return json.dumps(document).encode()


class TestUpload:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible, settings):
        # The import runs in the live server's request instead of a db_worker process.
        settings.TASKS = {
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        }
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_upload_imports_and_lists_children(self):
        self.given_the_nursery_is_in_the_register()

        self.when_i_open_the_upload_page()
        self.then_the_page_is_accessible()

        self.when_i_choose_the_file("headcount.json", portal_file_bytes("Marigold", "Tamsin"))
        self.when_i_press("Upload")

        self.then_the_job_page_shows("Imported", "Imported 2 children")
        self.and_the_job_is_done()
        self.then_the_page_is_accessible()

        self.when_i_follow("Go to unmatched incoming students")
        self.then_the_current_tab_is("Unmatched (2)")

    def test_upload_without_a_file(self):
        self.when_i_open_the_upload_page()
        self.when_i_press("Upload")

        self.then_i_see_the_error("Select a portal file")
        self.then_the_page_is_accessible()

    # Given

    def given_the_nursery_is_in_the_register(self):
        BaseFactory(name="Fenwick Nursery", la_code=LAESTAB[:3], establishment_number=LAESTAB[3:])

    # When

    def when_i_open_the_upload_page(self):
        self.page.goto("/uploads/")

    def when_i_choose_the_file(self, name, content):
        with self.page.expect_file_chooser() as chooser:
            self.page.get_by_role("button", name=re.compile(r"^Upload a portal file")).click()
        chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": content})
        expect(self.page.locator(".govuk-file-upload-button__status")).to_have_text(name)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    # Then

    def then_the_job_page_shows(self, status, result):
        expect(self.page).to_have_url(re.compile(r"/uploads/\d+/$"))
        expect(self.page.locator("#job-state")).to_have_text(status)
        expect(self.page.locator("#job-message")).to_have_text(result)

    def and_the_job_is_done(self):
        job = ImportJob.objects.get()
        assert job.state == ImportJob.State.DONE
        assert job.incoming_file.file_id == "HC-BROWSER-0001"

    def then_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    def then_i_see_the_error(self, message):
        summary = self.page.locator(".govuk-error-summary")
        expect(summary.get_by_role("listitem")).to_have_text([message])

    def then_the_page_is_accessible(self):
        self.assert_accessible(self.page)
