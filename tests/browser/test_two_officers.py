"""Two officers open the same incoming student and both press Select."""

import pytest
from playwright.sync_api import expect
from tests.factories import IncomingStudentFactory, PossibleMatchFactory, StudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.browser

CHANGED_MESSAGE = "This student was changed by someone else since you opened it"


class TestTwoOfficers:
    @pytest.fixture(autouse=True)
    def set_up(self, make_user, open_signed_in_page, assert_accessible):
        self.first_officer = make_user("officer")
        self.second_officer = make_user("officer")
        self.first_page = open_signed_in_page(self.first_officer)
        self.second_page = open_signed_in_page(self.second_officer)
        self.assert_accessible = assert_accessible

    def test_second_select_is_rejected(self):
        self.given_an_unmatched_student_with_two_possible_matches()

        self.when_both_officers_open_possible_matches()
        self.when_the_first_officer_selects("Ottilie Quenby")
        self.when_the_second_officer_selects("Ottoline Quenby")

        self.then_the_second_officer_sees_the_error(CHANGED_MESSAGE)
        self.and_the_second_officer_sees_the_new_state()
        self.and_the_student_is_linked_once_to(self.first_candidate)
        self.and_the_page_is_accessible(self.second_page)

    # Given

    def given_an_unmatched_student_with_two_possible_matches(self):
        self.incoming_student = IncomingStudentFactory(forename="Ottilie", surname="Quenby")
        self.first_candidate = StudentFactory(legal_forename="Ottilie", legal_surname="Quenby")
        second_candidate = StudentFactory(legal_forename="Ottoline", legal_surname="Quenby")
        PossibleMatchFactory(
            incoming_student=self.incoming_student, student=self.first_candidate, rank=1
        )
        PossibleMatchFactory(
            incoming_student=self.incoming_student,
            student=second_candidate,
            rank=2,
            match_probability=0.41,
        )

    # When

    def when_both_officers_open_possible_matches(self):
        url = f"/incoming-students/{self.incoming_student.pk}/possible-matches/"
        self.first_page.goto(url)
        self.second_page.goto(url)

    def when_the_first_officer_selects(self, name):
        self.first_page.get_by_role("button", name=f"Select {name}", exact=True).click()
        banner = self.first_page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text("Ottilie Quenby linked to student")

    def when_the_second_officer_selects(self, name):
        self.second_page.get_by_role("button", name=f"Select {name}", exact=True).click()

    # Then

    def then_the_second_officer_sees_the_error(self, message):
        summary = self.second_page.locator(".govuk-error-summary")
        expect(summary.get_by_role("listitem")).to_have_text([message])

    def and_the_second_officer_sees_the_new_state(self):
        self.incoming_student.refresh_from_db()
        state = State(self.incoming_student.state).label.lower()
        expect(self.second_page.locator(".govuk-inset-text").first).to_have_text(
            f"This student is now {state}. It can no longer be matched here."
        )
        select_buttons = self.second_page.get_by_role("button", name="Select")
        expect(select_buttons).to_have_count(0)

    def and_the_student_is_linked_once_to(self, student):
        assert self.incoming_student.matched_student_id == student.pk
        events = AuditEvent.objects.filter(
            incoming_student_id=self.incoming_student.pk, action="incoming_student_link"
        )
        assert [(event.actor_id, event.student_id) for event in events] == [
            (self.first_officer.pk, student.pk)
        ]

    def and_the_page_is_accessible(self, page):
        self.assert_accessible(page)
