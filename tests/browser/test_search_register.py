"""An officer searches the whole register from Possible Matches and selects a student found."""

import datetime

import pytest
from playwright.sync_api import expect
from tests.factories import IncomingStudentFactory, StudentFactory

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod
from portal_backoffice.intake.services.match_index import match_index_rebuild

pytestmark = pytest.mark.browser


class TestSearchRegister:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_search_and_select_found_student(self):
        self.given_an_unmatched_child_spelt_differently()

        self.when_i_open_possible_matches()
        self.then_the_search_is_prefilled()
        self.then_the_page_is_accessible()

        self.when_i_fill("Surname", "Wrenfield")
        self.when_i_press("Search the register")

        self.then_a_student_found_is("Perpetua Wrenfield")
        self.then_the_page_is_accessible()

        self.when_i_select("Perpetua Wrenfield")

        self.then_i_see_the_success_message("linked to student")
        self.and_the_child_is_linked_by_the_officer()

    def test_bad_search_terms_rejected(self):
        self.given_an_unmatched_child_spelt_differently()

        self.when_i_open_possible_matches()
        self.when_i_fill("Postcode", "NOT A CODE")
        self.page.get_by_role("group", name="Date of birth").get_by_label("Day").fill("31")
        self.page.get_by_role("group", name="Date of birth").get_by_label("Month").fill("2")
        self.when_i_press("Search the register")

        self.then_i_see_the_error("Date of birth must be a real date")
        self.then_i_see_the_error("Enter a real postcode, like LS6 3QW")
        self.then_the_page_is_accessible()

    # Given

    def given_an_unmatched_child_spelt_differently(self):
        self.student = StudentFactory(
            legal_forename="Perpetua",
            legal_surname="Wrenfield",
            date_of_birth=datetime.date(2016, 9, 9),
            postcode="ZZ1 4AB",
        )
        StudentFactory(legal_forename="Cordelia", legal_surname="Ashgrove", postcode="ZZ9 9ZZ")
        match_index_rebuild()
        self.incoming = IncomingStudentFactory(
            forename="Perpetua",
            surname="Wrenfeld",
            date_of_birth=datetime.date(2016, 9, 9),
            postcode="ZZ1 4AB",
        )

    # When

    def when_i_open_possible_matches(self):
        self.page.goto(f"/incoming-students/{self.incoming.pk}/possible-matches/")

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_select(self, name):
        self.page.get_by_role("button", name=f"Select {name}").first.click()

    # Then

    def then_the_page_is_accessible(self):
        self.assert_accessible(self.page)

    def then_the_search_is_prefilled(self):
        expect(self.page.get_by_label("Surname", exact=True)).to_have_value("Wrenfeld")
        expect(self.page.get_by_label("Forename", exact=True)).to_have_value("Perpetua")
        expect(self.page.get_by_label("Postcode", exact=True)).to_have_value("ZZ1 4AB")

    def then_a_student_found_is(self, name):
        found = self.page.locator("#search-results ~ .govuk-summary-card").first
        expect(found.locator(".govuk-summary-card__title")).to_contain_text(name)

    def then_i_see_the_success_message(self, message):
        expect(self.page.locator(".govuk-notification-banner--success")).to_contain_text(message)

    def and_the_child_is_linked_by_the_officer(self):
        incoming = IncomingStudent.objects.get(pk=self.incoming.pk)
        assert incoming.matched_student_id == self.student.pk
        assert incoming.match_method == MatchMethod.SELECTED

    def then_i_see_the_error(self, message):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(message)
