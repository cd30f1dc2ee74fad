"""The student tabs and the files tab change in place with JavaScript, and still work without.

With JavaScript, htmx fetches only the tab's region for a filter, a sort, a
page or a tab, and pushes the new address. A value set on `window` survives
only when the page did not load again, so each test sets one and checks it.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.browser.signed_in import signed_in_page_open
from tests.factories import IncomingFileFactory, IncomingStudentFactory

from portal_backoffice.intake.models.choices import Source, State

pytestmark = pytest.mark.browser

UNMATCHED_URL = "/incoming-students/unmatched/"
FILES_URL = "/incoming-files/"
# Two more students than fit on one page (50), so that the tab has a second page.
STUDENT_COUNT = 52
KEPT = "kept"


def given_unmatched_students():
    """Create STUDENT_COUNT unmatched students, born a day apart, and one pending student."""
    incoming_file = IncomingFileFactory(file_id="PROVIDER-0001")
    first_birthday = datetime.date(2018, 1, 1)
    for number in range(STUDENT_COUNT):
        IncomingStudentFactory(
            incoming_file=incoming_file,
            forename="Ottilie",
            surname=f"Larkspur{number:02d}",
            # The youngest has the smallest surname number, so sorting by date
            # of birth puts the rows in another order than sorting by name.
            date_of_birth=first_birthday - datetime.timedelta(days=number),
        )
    IncomingStudentFactory(
        incoming_file=incoming_file,
        forename="Wilhelmina",
        surname="Quenby",
        state=State.PENDING,
    )


def given_two_files():
    for file_id, source in (
        ("PROVIDER-0001", Source.PROVIDER_PORTAL),
        ("CITIZEN-0002", Source.CITIZEN_PORTAL),
    ):
        IncomingStudentFactory(incoming_file=IncomingFileFactory(file_id=file_id, source=source))


class TestStudentTabsWithJavaScript:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_sort_page_and_back_in_place(self):
        given_unmatched_students()

        self.when_i_open_the_unmatched_tab()
        self.and_i_mark_the_window()

        self.when_i_follow("Date of birth")
        self.then_the_address_has("sort=date_of_birth", "order=ascending")
        self.and_the_first_row_is("Ottilie Larkspur51")
        self.and_the_link_has_the_focus("Date of birth")
        self.and_the_table_offers_select_all()
        self.and_screen_readers_hear(
            "Showing 52 unmatched students. Page 1 of 2, sorted by date of birth, ascending."
        )
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

        self.when_i_follow("Date of birth")
        self.then_the_address_has("sort=date_of_birth", "order=descending")
        self.and_the_first_row_is("Ottilie Larkspur00")
        self.and_the_link_has_the_focus("Date of birth")

        self.when_i_follow("Next page")
        self.then_the_address_has("sort=date_of_birth", "order=descending", "page=2")
        self.and_the_table_has_rows(2)
        self.and_the_heading_has_the_focus("Unmatched")
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

        self.when_i_go_back()
        self.then_the_address_lacks("page=2")
        self.and_the_table_has_rows(50)
        self.and_the_first_row_is("Ottilie Larkspur00")
        self.and_the_page_did_not_load_again()

    def test_filter_and_tab_in_place(self):
        given_unmatched_students()

        self.when_i_open_the_unmatched_tab()
        self.and_i_mark_the_window()
        self.when_i_filter_by_name("Larkspur07")

        self.then_the_address_has("name=Larkspur07")
        self.and_the_table_has_rows(1)
        self.and_the_first_row_is("Ottilie Larkspur07")
        self.and_the_button_has_the_focus("Apply filters")
        self.and_screen_readers_hear(
            "Showing 1 unmatched student matching the filters. Page 1 of 1, "
            "sorted by name, ascending."
        )
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

        self.when_i_follow("Pending (1)")
        self.then_the_address_is("/incoming-students/pending/")
        self.and_the_current_tab_is("Pending (1)")
        self.and_the_first_row_is("Wilhelmina Quenby")
        self.and_the_title_is("Pending incoming students – Portal Back Office")
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

    def test_htmx_adds_no_inline_styles(self):
        self.when_i_open_the_unmatched_tab()

        # The Content Security Policy allows no inline styles, so htmx's
        # default indicator stylesheet is turned off by its meta tag.
        expect(self.page.locator("#incoming-students-region")).to_be_visible()
        assert self.page.evaluate("htmx.config.includeIndicatorCSS") is False
        assert self.page.evaluate("document.adoptedStyleSheets.length") == 0

    def test_ended_session_loads_sign_in(self):
        given_unmatched_students()

        self.when_i_open_the_unmatched_tab()
        self.and_my_session_ends()
        self.when_i_follow("Date of birth")

        self.then_the_heading_is("Sign in to Portal Back Office")
        self.and_the_page_is_accessible()

    # When

    def when_i_open_the_unmatched_tab(self):
        self.page.goto(UNMATCHED_URL)

    def and_i_mark_the_window(self):
        self.page.evaluate(f"window.appTestMarker = '{KEPT}'")

    def and_my_session_ends(self):
        self.page.context.clear_cookies()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_filter_by_name(self, name):
        self.page.get_by_text("Filter students", exact=True).click()
        self.page.get_by_label("Surname or forename", exact=True).fill(name)
        self.page.get_by_role("button", name="Apply filters", exact=True).click()

    def when_i_go_back(self):
        self.page.go_back()

    # Then

    def then_the_address_has(self, *parameters):
        for parameter in parameters:
            expect(self.page).to_have_url(re.compile(rf"[?&]{re.escape(parameter)}(&|$)"))

    def then_the_address_lacks(self, parameter):
        expect(self.page).not_to_have_url(re.compile(rf"[?&]{re.escape(parameter)}(&|$)"))

    def then_the_address_is(self, path):
        expect(self.page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}$"))

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def and_the_first_row_is(self, name):
        expect(self.page.locator("#incoming-students tbody tr").first).to_contain_text(name)

    def and_the_table_has_rows(self, count):
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(count)

    def and_the_link_has_the_focus(self, name):
        expect(self.page.get_by_role("link", name=name, exact=True)).to_be_focused()

    def and_the_button_has_the_focus(self, name):
        expect(self.page.get_by_role("button", name=name, exact=True)).to_be_focused()

    def and_the_heading_has_the_focus(self, text):
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_focused()

    def and_the_table_offers_select_all(self):
        # MOJ Frontend's multi-select adds this checkbox when it starts on the table.
        expect(self.page.get_by_role("checkbox", name="Select all")).to_have_count(1)

    def and_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    def and_the_title_is(self, title):
        expect(self.page).to_have_title(title)

    def and_screen_readers_hear(self, sentence):
        expect(self.page.locator("#app-live-region")).to_have_text(sentence)

    def and_the_page_did_not_load_again(self):
        assert self.page.evaluate("window.appTestMarker") == KEPT

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)


class TestFilesTabWithJavaScript:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_search_and_wide_view_in_place(self):
        given_two_files()

        self.page.goto(FILES_URL)
        self.page.evaluate(f"window.appTestMarker = '{KEPT}'")

        self.when_i_fill("File ID", "CITIZEN-0002")
        self.when_i_press("Search")
        self.then_the_files_listed_are("CITIZEN-0002")
        expect(self.page).to_have_url(re.compile(r"[?&]file_id=CITIZEN-0002(&|$)"))
        expect(self.page.locator("#app-live-region")).to_have_text(
            "Showing 1 file with students to review matching the search. Page 1 of 1."
        )
        self.and_the_page_did_not_load_again()
        self.assert_accessible(self.page)

        self.when_i_press("Wide view")
        expect(self.page.get_by_role("heading", name="Search files")).to_have_count(0)
        self.then_the_files_listed_are("CITIZEN-0002")
        expect(self.page.get_by_role("button", name="Show search panel")).to_be_focused()
        self.and_the_page_did_not_load_again()
        self.assert_accessible(self.page)

        self.when_i_press("Show search panel")
        expect(self.page.get_by_label("File ID", exact=True)).to_have_value("CITIZEN-0002")
        self.and_the_page_did_not_load_again()

    def test_search_error_focuses_summary(self):
        given_two_files()

        self.page.goto(FILES_URL)
        self.page.evaluate(f"window.appTestMarker = '{KEPT}'")
        self.page.locator("#filter-imported-to-day").fill("30")
        self.page.locator("#filter-imported-to-month").fill("2")
        self.page.locator("#filter-imported-to-year").fill("2026")
        self.when_i_press("Search")

        summary = self.page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Imported to must be a real date")
        expect(summary).to_be_focused()
        expect(self.page).to_have_title(re.compile(r"^Error: "))
        self.and_the_page_did_not_load_again()
        self.assert_accessible(self.page)

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def then_the_files_listed_are(self, *file_ids):
        rows = self.page.locator("#incoming-files tbody tr")
        expect(rows).to_have_count(len(file_ids))
        for index, file_id in enumerate(file_ids):
            expect(rows.nth(index)).to_contain_text(file_id)

    def and_the_page_did_not_load_again(self):
        assert self.page.evaluate("window.appTestMarker") == KEPT


@pytest.fixture
def page_without_javascript(browser, live_server, officer):
    """A page signed in as the officer, in a browser context with JavaScript turned off."""
    opened = signed_in_page_open(browser, live_server, officer, java_script_enabled=False)
    yield opened.page
    opened.close()
    assert not opened.errors, "The browser reported errors:\n" + "\n".join(opened.errors)


class TestWithoutJavaScript:
    @pytest.fixture(autouse=True)
    def set_up(self, page_without_javascript):
        self.page = page_without_javascript

    def test_sort_page_filter_load_pages(self):
        given_unmatched_students()
        self.page.goto(UNMATCHED_URL)

        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Date of birth", exact=True).click()
        expect(self.page).to_have_url(re.compile(r"[?&]sort=date_of_birth(&|$)"))
        self.then_the_first_row_is("Ottilie Larkspur51")

        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Next page", exact=True).click()
        expect(self.page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(2)

        # The <details> element opens without JavaScript.
        self.page.get_by_text("Filter students", exact=True).click()
        self.page.get_by_label("Surname or forename", exact=True).fill("Larkspur07")
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Apply filters", exact=True).click()
        expect(self.page).to_have_url(re.compile(r"[?&]name=Larkspur07(&|$)"))
        expect(self.page).not_to_have_url(re.compile(r"[?&]page=2(&|$)"))
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(1)
        self.then_the_first_row_is("Ottilie Larkspur07")

    def test_files_search_loads_page(self):
        given_two_files()
        self.page.goto(FILES_URL)

        self.page.get_by_label("File ID", exact=True).fill("CITIZEN-0002")
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Search", exact=True).click()

        expect(self.page).to_have_url(re.compile(r"[?&]file_id=CITIZEN-0002(&|$)"))
        expect(self.page.locator("#incoming-files tbody tr")).to_have_count(1)

    def then_the_first_row_is(self, name):
        expect(self.page.locator("#incoming-students tbody tr").first).to_contain_text(name)
