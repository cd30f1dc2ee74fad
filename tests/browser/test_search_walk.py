"""An officer searches for bases with students to review and displays their students."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.factories import (
    BaseFactory,
    BaseTypeFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
)

from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.browser


class TestSearch:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_search_then_display_one_base(self):
        self.given_a_nursery_and_a_primary_with_students()

        self.when_i_open_the_home_page()
        self.then_the_page_is_accessible()

        self.when_i_enter_the_date("Files created from", "1", "3", "2026")
        self.when_i_press("Search")

        self.then_the_bases_found_are("Brackenridge Primary", "Fernhollow Nursery")
        self.and_the_row_counts_are("Fernhollow Nursery", "2", "1", "1")
        self.then_the_page_is_accessible()

        self.when_i_tick("Select Fernhollow Nursery")
        self.when_i_press("Display students")

        self.then_the_counts_are(total="4", unmatched="2", pending="1", conflicts="1")
        self.and_the_table_lists("Perpetua Wrenfield", "Ottilie Wrenfield")
        self.then_the_page_is_accessible()

        self.when_i_follow_the_tab("Pending (1)")
        self.then_the_table_lists("Ottilie Ashgrove")
        self.and_the_address_keeps_the_base()
        self.then_the_page_is_accessible()

    def test_more_options_narrows_by_base_type(self):
        self.given_a_nursery_and_a_primary_with_students()

        self.when_i_open_the_home_page()
        self.when_i_open("More options")
        self.when_i_tick("Primary")
        self.when_i_press("Search")

        self.then_the_bases_found_are("Brackenridge Primary")

        self.when_i_tick("All 1 bases found")
        self.when_i_press("Display students")
        self.then_the_counts_are(total="1", unmatched="1", pending="0", conflicts="0")
        self.then_the_table_lists("Barnaby Oakhurst")

    def test_display_with_nothing_ticked(self):
        self.given_a_nursery_and_a_primary_with_students()

        self.when_i_open_the_home_page()
        self.when_i_press("Search")
        self.when_i_press("Display students")

        self.then_i_see_the_error("Select at least one base, or All")
        self.then_the_page_is_accessible()

    def test_impossible_date_rejected(self):
        self.when_i_open_the_home_page()
        self.when_i_enter_the_date("Files created from", "31", "2", "2026")
        self.when_i_press("Search")

        self.then_i_see_the_error("Files created from must be a real date")
        self.then_the_page_is_accessible()

    # Given

    def given_a_nursery_and_a_primary_with_students(self):
        march = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))
        nursery = BaseFactory(name="Fernhollow Nursery", base_type=BaseTypeFactory(name="Nursery"))
        primary = BaseFactory(
            name="Brackenridge Primary", base_type=BaseTypeFactory(name="Primary")
        )
        nursery_file = IncomingFileFactory(base=nursery, created_at=march)
        IncomingStudentFactory(incoming_file=nursery_file, forename="Perpetua", surname="Wrenfield")
        IncomingStudentFactory(incoming_file=nursery_file, forename="Ottilie", surname="Wrenfield")
        IncomingStudentFactory(
            incoming_file=nursery_file, forename="Ottilie", surname="Ashgrove", state=State.PENDING
        )
        IncomingStudentFactory(incoming_file=nursery_file, state=State.MATCHED_WITH_CONFLICTS)
        primary_file = IncomingFileFactory(base=primary, created_at=march)
        IncomingStudentFactory(incoming_file=primary_file, forename="Barnaby", surname="Oakhurst")

    # When

    def when_i_open_the_home_page(self):
        self.page.goto("/")

    def when_i_enter_the_date(self, legend, day, month, year):
        group = self.page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_open(self, summary):
        self.page.get_by_text(summary, exact=True).click()

    def when_i_tick(self, label):
        self.page.get_by_role("checkbox", name=label, exact=True).check()

    def when_i_follow_the_tab(self, name):
        self.page.get_by_role("link", name=name, exact=True).click()

    # Then

    def then_the_page_is_accessible(self):
        self.assert_accessible(self.page)

    def then_the_bases_found_are(self, *names):
        expect(self.page.locator("#bases tbody tr td:nth-child(2)")).to_have_text(list(names))

    def and_the_row_counts_are(self, base, unmatched, pending, conflicts):
        row = self.page.locator("#bases tbody tr", has_text=base)
        expect(row.locator("td").nth(3)).to_have_text(unmatched)
        expect(row.locator("td").nth(4)).to_have_text(pending)
        expect(row.locator("td").nth(5)).to_have_text(conflicts)

    def then_the_counts_are(self, *, total, unmatched, pending, conflicts):
        expect(self.page.locator("#count-total")).to_have_text(total)
        expect(self.page.locator("#count-unmatched")).to_have_text(unmatched)
        expect(self.page.locator("#count-pending")).to_have_text(pending)
        expect(self.page.locator("#count-matched-with-conflicts")).to_have_text(conflicts)

    def then_the_table_lists(self, *names):
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(len(names))
        for name in names:
            expect(self.page.locator("#incoming-students tbody")).to_contain_text(name)

    and_the_table_lists = then_the_table_lists

    def and_the_address_keeps_the_base(self):
        expect(self.page).to_have_url(
            re.compile(r"/incoming-students/pending/\?bases=\d+&files_from=2026-03-01$")
        )

    def then_i_see_the_error(self, message):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(message)
