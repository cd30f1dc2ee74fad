"""An officer exports and clears files on the Manage Incoming Student Files tab."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.factories import BaseFactory, IncomingFileFactory, IncomingStudentFactory

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.browser


class TestFiles:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_export_students_of_ticked_file(self):
        self.given_two_files()

        self.when_i_open_the_files_tab()
        self.then_the_files_listed_are("CITIZEN-0002", "PROVIDER-0001")
        self.then_the_page_is_accessible()

        self.when_i_tick("Select file PROVIDER-0001")
        self.when_i_choose("The outstanding students of the selected files")
        self.when_i_choose("CSV (.csv)")
        self.when_i_fill("File name", "March outstanding")
        download = self.when_i_export()

        self.then_the_download_is_named(download, "March outstanding.csv")
        self.and_the_download_contains(download, "'=Sum", "Wrenfield")
        self.and_the_download_lacks(download, "Oakhurst")

    def test_export_with_bad_file_name(self):
        self.given_two_files()

        self.when_i_open_the_files_tab()
        self.when_i_fill("File name", "../march")
        self.when_i_press("Export")

        self.then_i_see_the_error(
            "File name must only include letters, numbers, spaces, hyphens and underscores"
        )
        self.then_the_page_is_accessible()

    def test_clear_conflicts_after_confirmation(self):
        self.given_two_files()

        self.when_i_open_the_files_tab()
        self.when_i_tick("Select file PROVIDER-0001")
        self.when_i_press("Clear conflicts")

        self.then_the_question_is(
            "1 matched with conflicts student will be cleared. Do you wish to continue?"
        )
        self.then_the_page_is_accessible()

        self.when_i_press("Yes")

        self.then_i_see_the_success_message("1 student cleared.")
        self.and_the_students_of_are("PROVIDER-0001", {State.UNMATCHED: 2, State.CLEARED: 1})
        self.then_the_page_is_accessible()

    def test_clear_students_and_conflicts(self):
        self.given_two_files()

        self.when_i_open_the_files_tab()
        self.when_i_tick("Select file PROVIDER-0001")
        self.when_i_press("Clear students and conflicts")

        self.then_the_question_is(
            "2 unmatched students and 1 matched with conflicts student will be cleared. "
            "Do you wish to continue?"
        )
        self.then_the_page_is_accessible()

        self.when_i_press("Yes")

        self.then_i_see_the_success_message("3 students cleared.")
        self.then_the_files_listed_are("CITIZEN-0002")

    def test_wide_view_hides_search_panel(self):
        self.given_two_files()

        self.when_i_open_the_files_tab()
        self.when_i_press("Wide view")

        self.then_the_search_panel_is_hidden()
        self.then_the_page_is_accessible()

        self.when_i_open_the_files_tab()
        self.then_the_search_panel_is_hidden()

        self.when_i_press("Show search panel")
        expect(self.page.get_by_role("heading", name="Search files")).to_be_visible()

    # Given

    def given_two_files(self):
        provider = IncomingFileFactory(
            file_id="PROVIDER-0001", base=BaseFactory(name="Fernhollow Nursery")
        )
        IncomingStudentFactory(incoming_file=provider, forename="=Sum", surname="Wrenfield")
        IncomingStudentFactory(incoming_file=provider, forename="Ottilie", surname="Wrenfield")
        IncomingStudentFactory(incoming_file=provider, state=State.MATCHED_WITH_CONFLICTS)
        citizen = IncomingFileFactory(
            file_id="CITIZEN-0002", base=BaseFactory(name="Brackenridge Primary")
        )
        IncomingStudentFactory(incoming_file=citizen, forename="Barnaby", surname="Oakhurst")

    # When

    def when_i_open_the_files_tab(self):
        self.page.goto("/")
        self.page.get_by_role("link", name="Incoming student files", exact=True).click()

    def when_i_tick(self, label):
        self.page.get_by_role("checkbox", name=label, exact=True).check()

    def when_i_choose(self, label):
        self.page.get_by_role("radio", name=label, exact=True).check()

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_export(self):
        with self.page.expect_download() as download_info:
            self.when_i_press("Export")
        return download_info.value

    # Then

    def then_the_page_is_accessible(self):
        self.assert_accessible(self.page)

    def then_the_files_listed_are(self, *file_ids):
        cells = self.page.locator("#incoming-files tbody tr td:nth-child(2)")
        expect(cells).to_have_text(list(file_ids))

    def then_the_download_is_named(self, download, name):
        assert download.suggested_filename == name

    def and_the_download_contains(self, download, *texts):
        content = Path(download.path()).read_text(encoding="utf-8")
        for text in texts:
            assert text in content

    def and_the_download_lacks(self, download, text):
        assert text not in Path(download.path()).read_text(encoding="utf-8")

    def then_the_question_is(self, question):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(question)

    def then_i_see_the_success_message(self, message):
        expect(self.page.locator(".govuk-notification-banner--success")).to_contain_text(message)

    def and_the_students_of_are(self, file_id, expected):
        states = IncomingStudent.objects.filter(incoming_file__file_id=file_id).values_list(
            "state", flat=True
        )
        counts = {}
        for state in states:
            counts[state] = counts.get(state, 0) + 1
        assert counts == expected

    def then_i_see_the_error(self, message):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(message)

    def then_the_search_panel_is_hidden(self):
        expect(self.page.get_by_role("heading", name="Search files")).to_have_count(0)
        expect(self.page.get_by_role("button", name="Show search panel")).to_be_visible()
