"""An officer opens the Matched with Conflicts tab and one student's conflicts."""

import pytest
from playwright.sync_api import expect
from tests.factories import DataConflictFactory, IncomingStudentFactory, StudentFactory

from portal_backoffice.intake.models.choices import DataGroup, State

pytestmark = pytest.mark.browser


class TestMatchedWithConflictsTab:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_tab_lists_students_with_conflicts(self):
        self.given_a_matched_student_with_two_conflicts("Tansley")
        self.given_unmatched_students("Quenby")

        self.when_i_open_the_back_office()
        self.when_i_follow("Matched with Conflicts (1)")

        self.then_the_current_tab_is("Matched with Conflicts (1)")
        self.and_the_table_lists_names("Ottilie Tansley")
        self.and_no_row_can_be_ticked()
        self.and_the_page_is_accessible()

    def test_manage_conflicts_lists_each_difference(self):
        self.given_a_matched_student_with_two_conflicts("Tansley")

        self.when_i_open_the_matched_with_conflicts_tab()
        self.when_i_follow("Manage conflicts for Ottilie Tansley")

        self.then_the_heading_is("Ottilie Tansley")
        self.and_the_conflicts_are(
            ["Address", "Address line 1", "14 Thistledown Row", "3 Bramblegate Court"],
            ["Names", "Forename", "Ottilie", "Ottoline"],
        )
        self.and_the_page_is_accessible()

        self.when_i_follow("Back to matched with conflicts")
        self.then_the_current_tab_is("Matched with Conflicts (1)")

    # Given

    def given_a_matched_student_with_two_conflicts(self, surname):
        student = StudentFactory(legal_forename="Ottilie", legal_surname=surname)
        incoming_student = IncomingStudentFactory(
            forename="Ottilie",
            surname=surname,
            state=State.MATCHED_WITH_CONFLICTS,
            matched_student=student,
        )
        DataConflictFactory(incoming_student=incoming_student)
        DataConflictFactory(
            incoming_student=incoming_student,
            data_group=DataGroup.NAMES,
            field="legal_forename",
            la_value="Ottilie",
            incoming_value="Ottoline",
        )

    def given_unmatched_students(self, *surnames):
        for surname in surnames:
            IncomingStudentFactory(forename="Ottilie", surname=surname)

    # When

    def when_i_open_the_back_office(self):
        # The home page searches bases; its link lists every student to review.
        self.page.goto("/")
        self.page.get_by_role("link", name="display every student to review").click()

    def when_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto("/incoming-students/matched-with-conflicts/")

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    # Then

    def then_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    def and_the_table_lists_names(self, *names):
        table = self.page.locator("#incoming-students")
        expect(table.locator("tbody tr td").first).to_be_visible()
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(len(names))
        for row_index, name in enumerate(names):
            expect(rows.nth(row_index)).to_contain_text(name)

    def and_no_row_can_be_ticked(self):
        expect(self.page.get_by_role("checkbox")).to_have_count(0)

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def and_the_conflicts_are(self, *rows):
        expect(self.page.locator("main fieldset")).to_have_count(len(rows))
        for tab_label, item, la_value, incoming_value in rows:
            self.page.locator(".govuk-tabs__tab", has_text=tab_label).click()
            item_group = self.page.get_by_role("group", name=item, exact=True)
            expect(item_group.locator(".govuk-summary-list__value")).to_have_text(
                [la_value, incoming_value]
            )

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
