"""An officer ticks unmatched students and adds them as new, or discards them."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import IncomingStudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.browser

ADD_NEW_QUESTION = (
    "Selected Unmatched Students will be added to the database, do you wish to continue?"
)
DISCARD_QUESTION = "Do you wish to discard the selected students?"
UNMATCHED_URL = "/incoming-students/unmatched/"


class TestAddNewAndDiscard:
    @pytest.fixture(autouse=True)
    def set_up(self, officer, officer_page, assert_accessible):
        self.officer = officer
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_add_new_after_confirmation(self):
        self.given_unmatched_students("Quenby", "Rookwood", "Sallow")

        self.when_i_open_the_unmatched_tab()
        self.when_i_tick("Ottilie Quenby", "Ottilie Sallow")
        self.when_i_press("Add new")

        self.then_the_question_is(ADD_NEW_QUESTION)
        self.and_the_confirmation_lists_surnames("Quenby", "Sallow")
        self.and_the_page_is_accessible()

        self.when_i_press("Yes")

        self.then_i_see_the_success_message("2 students added to the register.")
        self.and_the_current_tab_is("Unmatched (1)")
        self.and_the_register_has_students_with_surnames("Quenby", "Sallow")
        self.and_these_are_added_as_new("Quenby", "Sallow")
        self.and_this_is_still_unmatched("Rookwood")
        self.and_the_page_is_accessible()

    def test_add_new_answered_no_changes_nothing(self):
        self.given_unmatched_students("Quenby", "Rookwood")

        self.when_i_open_the_unmatched_tab()
        self.when_i_tick("Ottilie Quenby")
        self.when_i_press("Add new")
        self.when_i_follow("No")

        self.then_the_current_tab_is("Unmatched (2)")
        self.and_this_is_still_unmatched("Quenby")
        self.and_the_register_has_no_students()
        self.and_no_audit_event_is_recorded()

    def test_discard_after_confirmation(self):
        self.given_unmatched_students("Quenby", "Rookwood")

        self.when_i_open_the_unmatched_tab()
        self.when_i_tick("Ottilie Rookwood")
        self.when_i_press("Discard")

        self.then_the_question_is(DISCARD_QUESTION)
        self.and_the_confirmation_lists_surnames("Rookwood")
        self.and_the_page_is_accessible()

        self.when_i_press("Yes")

        self.then_i_see_the_success_message("1 student discarded.")
        self.and_the_current_tab_is("Unmatched (1)")
        self.and_this_is_discarded_by_the_officer("Rookwood")
        self.and_this_is_still_unmatched("Quenby")
        self.and_the_register_has_no_students()

    def test_add_new_with_nothing_ticked(self):
        self.given_unmatched_students("Quenby")

        self.when_i_open_the_unmatched_tab()
        self.when_i_press("Add new")

        self.then_i_see_the_error("Select at least one unmatched student to add")
        self.and_the_page_is_accessible()

        self.when_i_follow_the_error_link()
        self.then_the_table_is_in_view()

    def test_sort_and_page_links_after_nothing_ticked(self):
        self.given_many_unmatched_students(51)

        self.when_i_open_the_unmatched_tab()
        self.when_i_press("Add new")
        self.then_i_see_the_error("Select at least one unmatched student to add")

        self.when_i_follow("Date of birth")
        self.then_the_address_is(UNMATCHED_URL, "sort=date_of_birth")
        self.and_the_current_tab_is("Unmatched (51)")
        self.and_the_table_has_rows(50)

        self.when_i_press("Discard")
        self.then_i_see_the_error("Select at least one unmatched student to discard")

        self.when_i_follow("Next page")
        self.then_the_address_is(UNMATCHED_URL, "page=2")
        self.and_the_current_tab_is("Unmatched (51)")
        self.and_the_table_has_rows(1)
        self.and_the_page_is_accessible()

    # Given

    def given_unmatched_students(self, *surnames):
        for surname in surnames:
            IncomingStudentFactory(forename="Ottilie", surname=surname)

    def given_many_unmatched_students(self, count):
        IncomingStudentFactory.create_batch(count)

    # When

    def when_i_open_the_unmatched_tab(self):
        self.page.goto(UNMATCHED_URL)

    def when_i_tick(self, *names):
        for name in names:
            self.page.get_by_role("checkbox", name=f"Select {name}").check()

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_follow_the_error_link(self):
        self.page.locator(".govuk-error-summary__list a").first.click()

    # Then

    def then_the_question_is(self, question):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(question)

    def and_the_confirmation_lists_surnames(self, *surnames):
        items = self.page.locator("main .govuk-list--bullet li")
        expect(items).to_have_text([re.compile(rf"^Ottilie {surname}, ") for surname in surnames])

    def then_i_see_the_success_message(self, message):
        banner = self.page.locator(".govuk-notification-banner--success")
        expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(message)

    def then_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    and_the_current_tab_is = then_the_current_tab_is

    def then_i_see_the_error(self, message):
        summary = self.page.locator(".govuk-error-summary")
        expect(summary.get_by_role("listitem")).to_have_text([message])

    def then_the_address_is(self, path, parameter):
        # The links swap the tab in place with htmx, which then pushes their URL.
        expect(self.page).to_have_url(re.compile(rf"{re.escape(path)}\?(.*&)?{parameter}(&|$)"))

    def and_the_table_has_rows(self, count):
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(count)

    def then_the_table_is_in_view(self):
        expect(self.page).to_have_url(re.compile(r"#incoming-students$"))
        expect(self.page.locator("#incoming-students")).to_be_in_viewport()

    def and_the_register_has_students_with_surnames(self, *surnames):
        registered = sorted(Student.objects.values_list("legal_surname", flat=True))
        assert registered == sorted(surnames)

    def and_the_register_has_no_students(self):
        assert Student.objects.count() == 0

    def and_these_are_added_as_new(self, *surnames):
        for surname in surnames:
            incoming_student = IncomingStudent.objects.get(surname=surname)
            assert incoming_student.match_method == MatchMethod.ADDED
            assert incoming_student.matched_student.legal_surname == surname
            assert incoming_student.state != State.UNMATCHED

    def and_this_is_still_unmatched(self, surname):
        incoming_student = IncomingStudent.objects.get(surname=surname)
        assert incoming_student.state == State.UNMATCHED
        assert incoming_student.matched_student_id is None

    def and_this_is_discarded_by_the_officer(self, surname):
        incoming_student = IncomingStudent.objects.get(surname=surname)
        assert incoming_student.state == State.DISCARDED
        events = AuditEvent.objects.filter(incoming_student_id=incoming_student.pk)
        assert [(event.action, event.actor_id) for event in events] == [
            ("incoming_student_discard", self.officer.pk)
        ]

    def and_no_audit_event_is_recorded(self):
        assert AuditEvent.objects.count() == 0

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
