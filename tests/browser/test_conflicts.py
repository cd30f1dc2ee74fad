"""An officer decides a student's data conflicts and adds an unmatched carer as a new person."""

import datetime

import pytest
from playwright.sync_api import expect
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingStudentFactory,
    PersonFactory,
    StudentFactory,
)

from portal_backoffice.intake.models.choices import DataGroup, State
from portal_backoffice.register.models import Person, Student, StudentCarer

pytestmark = pytest.mark.browser


class TestManageDataConflicts:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_accept_some_reject_one_and_apply(self):
        self.given_a_student_with_three_conflicts()

        self.when_i_open_the_matched_with_conflicts_tab()
        self.when_i_follow("Manage conflicts for Ottoline Tansley")
        self.then_the_tab_is_marked("Names", "2 conflicts")
        self.and_the_page_is_accessible()

        self.when_i_choose("Forename", "Accept")
        self.when_i_choose("Middle names", "Reject")
        self.when_i_open_the_tab("Address")
        self.when_i_press("Apply")
        self.then_the_error_summary_lists("Choose Accept, Reject or Discard for address line 1")
        self.and_the_page_is_accessible()

        self.when_i_open_the_tab("Address")
        self.when_i_choose("Address line 1", "Accept")
        self.when_i_press("Apply")

        self.then_the_page_shows("Decisions applied for Ottoline Tansley. It is now processed.")
        self.and_the_register_holds("Ottoline", "", "3 Bramblegate Court")
        self.and_the_page_is_accessible()

    def test_history_of_the_la_student(self):
        self.given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.when_i_follow(f"View the history of student {self.student.pk}")

        self.then_the_heading_is("Ottilie Tansley")
        self.and_the_page_is_accessible()

    def test_accept_all_latest_sets_every_choice(self):
        self.given_a_student_with_three_conflicts()

        self.when_i_open_the_conflicts_page()
        self.when_i_press("Accept all latest")

        self.then_every_choice_is("Accept")
        self.and_the_page_is_accessible()

    # Given

    def given_a_student_with_three_conflicts(self):
        self.student = StudentFactory(
            legal_forename="Ottilie", legal_surname="Tansley", middle_names=""
        )
        self.incoming = IncomingStudentFactory(
            forename="Ottoline",
            surname="Tansley",
            state=State.MATCHED_WITH_CONFLICTS,
            matched_student=self.student,
        )
        DataConflictFactory(incoming_student=self.incoming)
        DataConflictFactory(
            incoming_student=self.incoming,
            data_group=DataGroup.NAMES,
            field="legal_forename",
            la_value="Ottilie",
            incoming_value="Ottoline",
        )
        DataConflictFactory(
            incoming_student=self.incoming,
            data_group=DataGroup.NAMES,
            field="middle_names",
            la_value="",
            incoming_value="Rue",
        )

    # When

    def when_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto("/incoming-students/matched-with-conflicts/")

    def when_i_open_the_conflicts_page(self):
        self.page.goto(f"/incoming-students/{self.incoming.pk}/conflicts/")

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_open_the_tab(self, label):
        self.page.locator(".govuk-tabs__tab", has_text=label).click()

    def when_i_choose(self, item, decision):
        self.page.get_by_role("group", name=item, exact=True).get_by_label(
            decision, exact=True
        ).check()

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    # Then

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def then_the_tab_is_marked(self, label, tag):
        tab = self.page.locator(".govuk-tabs__tab", has_text=label)
        expect(tab.locator(".govuk-tag--red")).to_have_text(tag)

    def then_the_error_summary_lists(self, message):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(message)

    def then_the_page_shows(self, message):
        expect(self.page.locator("main")).to_contain_text(message)

    def then_every_choice_is(self, decision):
        for radio in self.page.get_by_label(decision, exact=True).all():
            expect(radio).to_be_checked()

    def and_the_register_holds(self, forename, middle_names, address_line_1):
        student = Student.objects.get(pk=self.student.pk)
        assert student.legal_forename == forename
        assert student.middle_names == middle_names
        assert student.address_line_1 == address_line_1

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)


class TestAddNewPerson:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_add_unmatched_carer_as_new_person(self):
        self.given_a_pending_student_with_an_unmatched_carer()

        self.when_i_open_the_conflicts_page()
        self.when_i_open_the_tab("Carers")
        self.when_i_follow("Add new person from Wilhelmina Tansley")
        self.then_the_field_holds("Forename", "Wilhelmina")
        self.and_the_page_is_accessible()

        self.when_i_fill("NI number", "AB 12 34 56")
        self.when_i_press("Save")
        self.then_the_error_summary_lists(
            "Enter a National Insurance number in the right format, like QQ 12 34 56 C"
        )
        self.and_the_page_is_accessible()

        self.when_i_fill("NI number", "AB 12 34 56 C")
        self.when_i_fill("Phone number", "01632 960999")
        self.when_i_press("Save")

        self.then_the_page_shows("Ottilie Tansley is now processed.")
        self.and_the_student_has_a_carer_with_phone("01632 960999")
        self.and_the_page_is_accessible()

    def test_match_unmatched_carer_to_a_person(self):
        self.given_a_pending_student_with_an_unmatched_carer()
        person = PersonFactory(
            forename="Wilhelmina",
            surname="Tansley",
            date_of_birth=datetime.date(1987, 3, 27),
            title="Ms",
        )

        self.when_i_open_the_conflicts_page()
        self.when_i_open_the_tab("Carers")
        self.when_i_follow("Match Wilhelmina Tansley")
        self.and_the_page_is_accessible()
        self.when_i_press(f"Select person {person.pk}")

        self.then_the_page_shows("Ottilie Tansley is now processed.")
        self.and_the_student_has_carer(person)
        self.and_the_page_is_accessible()

    # Given

    def given_a_pending_student_with_an_unmatched_carer(self):
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

    # When

    def when_i_open_the_conflicts_page(self):
        self.page.goto(f"/incoming-students/{self.incoming.pk}/conflicts/")

    def when_i_open_the_tab(self, label):
        self.page.locator(".govuk-tabs__tab", has_text=label).click()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    # Then

    def then_the_field_holds(self, label, value):
        expect(self.page.get_by_label(label, exact=True)).to_have_value(value)

    def then_the_error_summary_lists(self, message):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(message)

    def then_the_page_shows(self, message):
        expect(self.page.locator("main")).to_contain_text(message)

    def and_the_student_has_carer(self, person):
        assert StudentCarer.objects.get(student=self.student).person_id == person.pk

    def and_the_student_has_a_carer_with_phone(self, phone):
        link = StudentCarer.objects.get(student=self.student)
        assert link.relationship == "Mother"
        assert Person.objects.get(pk=link.person_id).phone == phone

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
