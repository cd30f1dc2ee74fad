"""An officer works the Unmatched tab: counts, Possible Matches and Select."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.factories import (
    IncomingStudentFactory,
    PossibleMatchFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import MatchMethod, State

pytestmark = pytest.mark.browser


class TestUnmatchedTab:
    @pytest.fixture(autouse=True)
    def set_up(self, officer, officer_page, assert_accessible):
        self.officer = officer
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_tabs_show_counts_and_rows(self):
        self.given_unmatched_students("Quenby", "Rookwood", "Sallow")
        self.given_matched_with_conflicts_students("Tansley", "Umber")
        self.given_a_student_in_state(State.PROCESSED, "Vellacott")
        self.given_a_student_in_state(State.DISCARDED, "Wrenfield")

        self.when_i_open_the_back_office()

        self.then_the_current_tab_is("Unmatched (3)")
        self.and_the_other_tab_is("Matched with Conflicts (2)")
        self.and_the_table_lists_surnames("Quenby", "Rookwood", "Sallow")
        self.and_the_page_is_accessible()

    def test_second_page_lists_the_rest(self):
        self.given_unmatched_students(*(f"Quenby{number:02d}" for number in range(55)))

        self.when_i_open_the_back_office()
        self.then_the_table_has_rows(50)
        self.and_the_page_is_accessible()

        self.when_i_follow("Next page")

        self.then_the_current_page_is("2")
        self.and_the_table_lists_surnames(*(f"Quenby{number:02d}" for number in range(50, 55)))
        self.and_the_page_is_accessible()

    def test_match_opens_possible_matches(self):
        self.given_an_unmatched_student_with_two_possible_matches()

        self.when_i_open_the_back_office()
        self.when_i_choose_match_for("Ottilie Quenby")

        self.then_the_heading_is("Ottilie Quenby")
        self.and_candidate_titles_are(
            "1. Ottilie Quenby: score 97.5%", "2. Ottoline Quenby: score 41.0%"
        )
        self.and_the_first_candidate_gives_reasons(
            ("Date of birth is the same", "+6.1"), ("Surname is the same", "+4.2")
        )
        self.and_the_page_is_accessible()

    def test_select_links_chosen_candidate(self):
        self.given_an_unmatched_student_with_two_possible_matches()

        self.when_i_open_the_back_office()
        self.when_i_choose_match_for("Ottilie Quenby")
        self.when_i_select("Ottoline Quenby")

        self.then_i_am_on_the_unmatched_tab()
        self.and_i_see_the_success_message(
            re.compile(rf"^Ottilie Quenby linked to student {self.second_candidate.pk}\. ")
        )
        self.and_the_current_tab_is("Unmatched (0)")
        self.and_the_incoming_student_is_linked_to(self.second_candidate)
        self.and_one_select_audit_event_is_recorded()
        self.and_the_page_is_accessible()

    def test_select_on_stale_page_is_rejected(self):
        self.given_an_unmatched_student_with_two_possible_matches()

        self.when_i_open_the_back_office()
        self.when_i_choose_match_for("Ottilie Quenby")
        self.when_another_officer_discards_the_student()
        self.when_i_select("Ottoline Quenby")

        self.then_i_see_the_error("This student was changed by someone else since you opened it")
        self.and_the_page_shows_the_state("This student is now discarded.")
        self.and_no_select_button_is_offered()
        self.and_the_incoming_student_is_not_linked()
        self.and_the_page_is_accessible()

    # Given

    def given_unmatched_students(self, *surnames):
        for surname in surnames:
            IncomingStudentFactory(surname=surname)

    def given_matched_with_conflicts_students(self, *surnames):
        for surname in surnames:
            IncomingStudentFactory(surname=surname, state=State.MATCHED_WITH_CONFLICTS)

    def given_a_student_in_state(self, state, surname):
        IncomingStudentFactory(surname=surname, state=state)

    def given_an_unmatched_student_with_two_possible_matches(self):
        self.incoming_student = IncomingStudentFactory(
            forename="Ottilie",
            surname="Quenby",
            date_of_birth=datetime.date(2018, 9, 9),
            has_possible_matches=True,
        )
        self.first_candidate = StudentFactory(legal_forename="Ottilie", legal_surname="Quenby")
        self.second_candidate = StudentFactory(legal_forename="Ottoline", legal_surname="Quenby")
        PossibleMatchFactory(
            incoming_student=self.incoming_student,
            student=self.first_candidate,
            rank=1,
            match_probability=0.975,
        )
        PossibleMatchFactory(
            incoming_student=self.incoming_student,
            student=self.second_candidate,
            rank=2,
            match_probability=0.41,
        )

    # When

    def when_i_open_the_back_office(self):
        # The home page searches bases; its link lists every student to review.
        self.page.goto("/")
        self.page.get_by_role("link", name="display every student to review").click()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_choose_match_for(self, name):
        self.page.get_by_role("link", name=f"Match {name}").click()

    def when_i_select(self, name):
        self.page.get_by_role("button", name=f"Select {name}").click()

    def when_another_officer_discards_the_student(self):
        self.incoming_student.refresh_from_db()
        self.incoming_student.state = State.DISCARDED
        self.incoming_student.version += 1
        self.incoming_student.save()

    # Then

    def then_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    and_the_current_tab_is = then_the_current_tab_is

    def and_the_other_tab_is(self, label):
        expect(self.page.get_by_role("link", name=label, exact=True)).to_be_visible()

    def and_the_table_lists_surnames(self, *surnames):
        names = self.page.locator("#incoming-students tbody tr td:nth-child(2)")
        expect(names).to_have_text([f"Ottilie {surname}" for surname in surnames])

    def then_the_table_has_rows(self, count):
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(count)

    def then_the_current_page_is(self, number):
        current = self.page.locator(".govuk-pagination [aria-current='page']")
        expect(current).to_have_text(number)

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def and_candidate_titles_are(self, *titles):
        expect(self.page.locator(".govuk-summary-card__title")).to_have_text(list(titles))

    def and_the_first_candidate_gives_reasons(self, *reasons):
        rows = self.page.locator(".govuk-summary-card").first.locator(".app-reasons tbody tr")
        expect(rows).to_have_count(len(reasons))
        for row_index, (reason, weight) in enumerate(reasons):
            cells = rows.nth(row_index).locator("td")
            expect(cells).to_have_text([reason, weight])

    def then_i_am_on_the_unmatched_tab(self):
        expect(self.page).to_have_url(re.compile(r"/incoming-students/unmatched/$"))

    def and_i_see_the_success_message(self, message):
        banner = self.page.locator(".govuk-notification-banner--success")
        expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(message)

    def and_the_incoming_student_is_linked_to(self, student):
        self.incoming_student.refresh_from_db()
        assert self.incoming_student.matched_student_id == student.pk
        assert self.incoming_student.match_method == MatchMethod.SELECTED
        assert self.incoming_student.state != State.UNMATCHED

    def and_one_select_audit_event_is_recorded(self):
        events = list(AuditEvent.objects.filter(incoming_student_id=self.incoming_student.pk))
        assert [event.action for event in events] == ["incoming_student_link"]
        assert events[0].actor_id == self.officer.pk
        assert events[0].student_id == self.second_candidate.pk
        assert events[0].details["method"] == MatchMethod.SELECTED

    def then_i_see_the_error(self, message):
        summary = self.page.locator(".govuk-error-summary")
        expect(summary.get_by_role("listitem")).to_have_text([message])

    def and_the_page_shows_the_state(self, text):
        expect(self.page.locator(".govuk-inset-text")).to_contain_text(text)

    def and_no_select_button_is_offered(self):
        expect(self.page.get_by_role("button", name=re.compile(r"^Select"))).to_have_count(0)

    def and_the_incoming_student_is_not_linked(self):
        self.incoming_student.refresh_from_db()
        assert self.incoming_student.matched_student_id is None
        assert self.incoming_student.state == State.DISCARDED

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
