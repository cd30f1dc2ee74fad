"""Choices on Manage Data Conflicts update in place with JavaScript, and still work without.

With JavaScript, htmx posts each Accept, Reject or Discard as it is chosen and
swaps the item and its tab's label; Apply still saves everything at once. A
value set on `window` survives only when the page did not load again.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.browser.signed_in import signed_in_page_open
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingStudentFactory,
    StudentFactory,
    UserFactory,
)

from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.register.models import Student
from portal_backoffice.review.services import incoming_student_conflicts_apply

pytestmark = pytest.mark.browser

KEPT = "kept"


def given_a_student_with_three_conflicts():
    """Return a matched incoming student with two Names conflicts and one Address conflict."""
    student = StudentFactory(legal_forename="Ottilie", legal_surname="Tansley", middle_names="")
    incoming = IncomingStudentFactory(
        forename="Ottoline",
        surname="Tansley",
        state=State.MATCHED_WITH_CONFLICTS,
        matched_student=student,
    )
    DataConflictFactory(incoming_student=incoming)
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="legal_forename",
        la_value="Ottilie",
        incoming_value="Ottoline",
    )
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="middle_names",
        la_value="",
        incoming_value="Rue",
    )
    return incoming


def given_a_pending_student_with_an_unmatched_carer():
    student = StudentFactory(legal_forename="Ottilie", legal_surname="Tansley")
    incoming = IncomingStudentFactory(
        forename="Ottilie", surname="Tansley", state=State.PENDING, matched_student=student
    )
    carer = IncomingCarerFactory(
        incoming_student=incoming,
        forename="Wilhelmina",
        surname="Tansley",
        date_of_birth=datetime.date(1987, 3, 27),
    )
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
        la_value="",
        incoming_value="Wilhelmina Tansley Mother",
    )
    return incoming


class ConflictsPageSteps:
    """Steps shared by the tests with and without JavaScript."""

    def when_i_open_the_conflicts_page(self):
        self.page.goto(f"/incoming-students/{self.incoming.pk}/conflicts/")

    def when_i_open_the_tab(self, label):
        self.page.locator(".govuk-tabs__tab", has_text=label).click()

    def when_i_choose(self, item, decision):
        self.item_radio(item, decision).check()

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def item_radio(self, item, decision):
        group = self.page.get_by_role("group", name=item, exact=True)
        return group.get_by_label(decision, exact=True)

    def then_the_tab_is_marked(self, label, tag, colour):
        tab = self.page.locator(".govuk-tabs__tab", has_text=label)
        expect(tab.locator(".govuk-tag")).to_have_text(tag)
        expect(tab.locator(".govuk-tag")).to_have_class(re.compile(rf"govuk-tag--{colour}"))

    def then_the_page_shows(self, message):
        expect(self.page.locator("main")).to_contain_text(message)

    def and_the_register_holds(self, forename, middle_names, address_line_1):
        student = Student.objects.get(pk=self.incoming.matched_student_id)
        assert student.legal_forename == forename
        assert student.middle_names == middle_names
        assert student.address_line_1 == address_line_1


@pytest.fixture
def page_expecting_conflict(browser, live_server, officer):
    """A page signed in as the officer, on which an htmx request may get 409 Conflict."""
    opened = signed_in_page_open(browser, live_server, officer, allowed_statuses=(409,))
    yield opened.page
    opened.close()
    assert not opened.errors, "The browser reported errors:\n" + "\n".join(opened.errors)


class TestChoicesWithJavaScript(ConflictsPageSteps):
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_each_choice_updates_its_tab(self):
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.and_i_mark_the_window()
        self.then_the_tab_is_marked("Names", "2 conflicts", "red")

        self.when_i_choose("Forename", "Accept")
        self.then_the_tab_is_marked("Names", "1 of 2 decided", "red")
        self.and_screen_readers_hear("Names: 1 of 2 decided.")
        self.and_the_radio_has_the_focus("Forename", "Accept")

        self.when_i_choose("Middle names", "Reject")
        self.then_the_tab_is_marked("Names", "All decided", "green")
        self.then_the_tab_is_marked("Address", "1 conflict", "red")
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

        self.when_i_open_the_tab("Address")
        self.when_i_choose("Address line 1", "Accept")
        self.then_the_tab_is_marked("Address", "All decided", "green")
        self.and_the_page_did_not_load_again()

        self.when_i_press("Apply")
        self.then_the_page_shows("Decisions applied for Ottoline Tansley. It is now processed.")
        self.and_the_register_holds("Ottoline", "", "3 Bramblegate Court")
        self.and_the_page_is_accessible()

    def test_accept_all_latest_in_place(self):
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.and_i_mark_the_window()
        self.when_i_press("Accept all latest")

        self.then_the_tab_is_marked("Names", "All decided", "green")
        self.then_the_tab_is_marked("Address", "All decided", "green")
        self.and_every_choice_is("Accept")
        self.and_screen_readers_hear("Accept chosen for 3 conflicts.")
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

    def test_choice_clears_its_error(self):
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.when_i_press("Apply")
        self.then_the_item_shows_the_error(
            "Forename", "Choose Accept, Reject or Discard for forename"
        )
        self.and_i_mark_the_window()

        self.when_i_choose("Forename", "Accept")
        self.then_the_item_has_no_error("Forename")
        self.then_the_item_shows_the_error(
            "Middle names", "Choose Accept, Reject or Discard for middle names"
        )
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

    def test_carer_discard_updates_its_tab(self):
        self.incoming = given_a_pending_student_with_an_unmatched_carer()

        self.when_i_open_the_conflicts_page()
        self.and_i_mark_the_window()
        self.when_i_open_the_tab("Carers")
        self.then_the_tab_is_marked("Carers", "1 conflict", "red")

        self.page.get_by_label("Discard Wilhelmina Tansley: do not load them", exact=True).check()
        self.then_the_tab_is_marked("Carers", "All decided", "green")
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

    def test_choice_after_another_officer_applied(self, page_expecting_conflict):
        self.page = page_expecting_conflict
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.and_i_mark_the_window()
        self.and_another_officer_discards_every_change()
        self.when_i_choose("Forename", "Accept")

        summary = self.page.locator(".govuk-error-summary")
        expect(summary).to_contain_text(
            "This student was changed by someone else since you opened it"
        )
        expect(summary).to_be_focused()
        self.then_the_page_shows("This student is now processed.")
        expect(self.page.locator("main fieldset")).to_have_count(0)
        self.and_the_page_did_not_load_again()
        self.and_the_page_is_accessible()

    # Given and when

    def and_i_mark_the_window(self):
        self.page.evaluate(f"window.appTestMarker = '{KEPT}'")

    def and_another_officer_discards_every_change(self):
        decisions = {
            conflict.pk: ConflictDecision.DISCARDED for conflict in self.incoming.conflicts.all()
        }
        incoming_student_conflicts_apply(
            incoming_student_id=self.incoming.pk,
            decisions=decisions,
            actor=UserFactory(username="another.officer"),
            expected_version=self.incoming.version,
        )

    # Then

    def then_the_item_shows_the_error(self, item, message):
        group = self.page.get_by_role("group", name=item, exact=True)
        expect(group.locator(".govuk-error-message")).to_have_text(f"Error: {message}")

    def then_the_item_has_no_error(self, item):
        group = self.page.get_by_role("group", name=item, exact=True)
        expect(group.locator(".govuk-error-message")).to_have_count(0)

    def and_the_radio_has_the_focus(self, item, decision):
        expect(self.item_radio(item, decision)).to_be_focused()

    def and_every_choice_is(self, decision):
        radios = self.page.get_by_label(decision, exact=True)
        expect(radios).to_have_count(3)
        for radio in radios.all():
            expect(radio).to_be_checked()

    def and_screen_readers_hear(self, sentence):
        expect(self.page.locator("#app-live-region")).to_have_text(sentence)

    def and_the_page_did_not_load_again(self):
        assert self.page.evaluate("window.appTestMarker") == KEPT

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)


@pytest.fixture
def page_without_javascript(browser, live_server, officer):
    """A page signed in as the officer, in a browser context with JavaScript turned off."""
    opened = signed_in_page_open(browser, live_server, officer, java_script_enabled=False)
    yield opened.page
    opened.close()
    assert not opened.errors, "The browser reported errors:\n" + "\n".join(opened.errors)


class TestChoicesWithoutJavaScript(ConflictsPageSteps):
    @pytest.fixture(autouse=True)
    def set_up(self, page_without_javascript):
        self.page = page_without_javascript

    def test_choose_and_apply(self):
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.when_i_choose("Forename", "Accept")
        self.when_i_choose("Middle names", "Reject")
        # Without JavaScript every panel shows, so the Address item needs no tab.
        self.when_i_choose("Address line 1", "Accept")
        with self.page.expect_navigation():
            self.when_i_press("Apply")

        self.then_the_page_shows("Decisions applied for Ottoline Tansley. It is now processed.")
        self.and_the_register_holds("Ottoline", "", "3 Bramblegate Court")

    def test_accept_all_latest_loads_the_page(self):
        self.incoming = given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        with self.page.expect_navigation():
            self.when_i_press("Accept all latest")

        self.then_the_tab_is_marked("Names", "All decided", "green")
        for item in ("Forename", "Middle names", "Address line 1"):
            expect(self.item_radio(item, "Accept")).to_be_checked()
