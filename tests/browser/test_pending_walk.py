"""An officer clears the Pending tab: a student waits on a carer not yet matched to a person.

The officer opens the student from the Pending tab, adds the carer as a new
person, and checks that the student leaves Pending.
"""

import datetime

import pytest
from playwright.sync_api import expect
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingStudentFactory,
    StudentFactory,
)

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import DataGroup, State
from portal_backoffice.register.models import Person, StudentCarer

pytestmark = pytest.mark.browser


class TestPendingWalk:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_resolve_carer_of_pending_student(self):
        self.given_a_pending_student_whose_carer_is_unmatched()
        self.given_an_unmatched_student()

        self.when_i_open_the_back_office()
        self.when_i_follow("Pending (1)")
        self.then_the_current_tab_is("Pending (1)")
        self.and_the_table_lists("Ottilie Tansley")
        self.and_the_page_is_accessible()

        self.when_i_follow("Manage conflicts for Ottilie Tansley")
        self.then_the_page_shows("State: Pending.")
        self.and_the_tab_is_marked("Carers", "1 conflict")
        self.and_the_page_is_accessible()

        self.when_i_open_the_tab("Carers")
        self.then_the_page_shows("Wilhelmina Tansley: not matched to a person")
        self.when_i_follow("Add new person from Wilhelmina Tansley")
        self.then_the_field_holds("Forename", "Wilhelmina")
        self.then_the_field_holds("Surname", "Tansley")
        self.and_the_page_is_accessible()

        self.when_i_fill("NI number", "HT 52 08 17 A")
        self.when_i_press("Save")
        self.then_the_page_shows(
            f"Wilhelmina Tansley is now a carer of student {self.student.pk}. "
            "Ottilie Tansley is now processed."
        )
        self.and_the_page_is_accessible()

        self.when_i_follow("Pending (0)")
        self.then_the_current_tab_is("Pending (0)")
        self.then_the_page_shows("There are no pending students.")
        self.and_the_page_is_accessible()
        self.and_the_student_is_processed_with_the_new_carer()

    # Given

    def given_a_pending_student_whose_carer_is_unmatched(self):
        self.student = StudentFactory(legal_forename="Ottilie", legal_surname="Tansley")
        self.incoming = IncomingStudentFactory(
            forename="Ottilie",
            surname="Tansley",
            state=State.PENDING,
            matched_student=self.student,
        )
        carer = IncomingCarerFactory(
            incoming_student=self.incoming,
            forename="Wilhelmina",
            surname="Tansley",
            date_of_birth=datetime.date(1987, 3, 27),
            postcode="ZZ1 4AB",
        )
        DataConflictFactory(
            incoming_student=self.incoming,
            data_group=DataGroup.CARERS,
            field="carer",
            incoming_carer=carer,
            la_value="",
            incoming_value="Wilhelmina Tansley Mother",
        )

    def given_an_unmatched_student(self):
        IncomingStudentFactory(forename="Perpetua", surname="Wrenfield")

    # When

    def when_i_open_the_back_office(self):
        self.page.goto("/")
        self.and_the_page_is_accessible()
        self.page.get_by_role("link", name="display every student to review").click()
        expect(self.page.get_by_role("heading", name="Unmatched", exact=True)).to_be_visible()
        self.and_the_page_is_accessible()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_open_the_tab(self, label):
        self.page.locator(".govuk-tabs__tab", has_text=label).click()

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    # Then

    def then_the_current_tab_is(self, label):
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text(label)

    def and_the_table_lists(self, *names):
        rows = self.page.locator("#incoming-students tbody tr")
        expect(rows).to_have_count(len(names))
        for index, name in enumerate(names):
            expect(rows.nth(index)).to_contain_text(name)

    def then_the_page_shows(self, text):
        expect(self.page.locator("main")).to_contain_text(text)

    def and_the_tab_is_marked(self, label, tag):
        tab = self.page.locator(".govuk-tabs__tab", has_text=label)
        expect(tab.locator(".govuk-tag--red")).to_have_text(tag)

    def then_the_field_holds(self, label, value):
        expect(self.page.get_by_label(label, exact=True)).to_have_value(value)

    def and_the_student_is_processed_with_the_new_carer(self):
        assert IncomingStudent.objects.get(pk=self.incoming.pk).state == State.PROCESSED
        link = StudentCarer.objects.get(student=self.student)
        person = Person.objects.get(pk=link.person_id)
        assert (person.forename, person.surname) == ("Wilhelmina", "Tansley")
        assert person.ni_number == "HT520817A"
        assert link.relationship == "Mother"

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
