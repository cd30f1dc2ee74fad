"""Users without a permission see no link to its actions and get the 403 page for them."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from tests.factories import (
    DataConflictFactory,
    IncomingStudentFactory,
    PossibleMatchFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import (
    LA_DATA_PROCESSING,
    PERMISSION_NAMES,
    AuditEvent,
)
from portal_backoffice.intake.models.choices import State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.browser


class TestWithoutDataProcessing:
    """A signed-in user without the permission sees the lists but cannot act on them."""

    @pytest.fixture(autouse=True, params=["conflict_manager_page", "no_permission_page"])
    def set_up(self, request, assert_accessible):
        self.page = request.getfixturevalue(request.param)
        self.assert_accessible = assert_accessible

    def test_unmatched_tab_offers_no_actions(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_unmatched_tab()

        self.then_the_table_lists_the_student()
        self.and_no_action_is_offered()
        self.and_the_page_is_accessible()

    def test_possible_matches_page_is_rejected(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_possible_matches_page()

        self.then_the_response_status_is(403)
        self.and_i_am_told("You do not have permission to match incoming students.")
        self.and_the_page_is_accessible()

    # Given

    def given_an_unmatched_student_with_a_possible_match(self):
        self.incoming_student = IncomingStudentFactory(forename="Ottilie", surname="Quenby")
        PossibleMatchFactory(incoming_student=self.incoming_student, student=StudentFactory())

    # When

    def when_i_open_the_unmatched_tab(self):
        self.page.goto("/incoming-students/unmatched/")

    def when_i_open_the_possible_matches_page(self):
        url = f"/incoming-students/{self.incoming_student.pk}/possible-matches/"
        self.response = self.page.goto(url)

    # Then

    def then_the_table_lists_the_student(self):
        expect(self.page.locator("#incoming-students tbody tr")).to_have_count(1)
        expect(self.page.locator("#incoming-students tbody tr")).to_contain_text("Ottilie Quenby")

    def and_no_action_is_offered(self):
        expect(self.page.get_by_role("link", name=re.compile(r"^Match "))).to_have_count(0)
        expect(self.page.get_by_role("checkbox")).to_have_count(0)
        expect(self.page.get_by_role("button", name="Add new")).to_have_count(0)
        expect(self.page.get_by_role("button", name="Discard")).to_have_count(0)

    def then_the_response_status_is(self, status):
        assert self.response.status == status

    def and_i_am_told(self, sentence):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "You do not have permission to do this"
        )
        expect(self.page.locator("main")).to_contain_text(sentence)

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)


class TestWithoutConflictManagement:
    """A data processor sees the Matched with Conflicts tab but not a student's conflicts."""

    @pytest.fixture(autouse=True)
    def set_up(self, data_processor_page, assert_accessible):
        self.page = data_processor_page
        self.assert_accessible = assert_accessible

    def test_tab_offers_no_manage_conflicts_link(self):
        self.given_a_matched_student_with_a_conflict()

        self.when_i_open_the_matched_with_conflicts_tab()

        self.then_the_table_lists_the_student()
        self.and_no_manage_conflicts_link_is_offered()

    def test_conflicts_page_is_rejected(self):
        self.given_a_matched_student_with_a_conflict()

        self.when_i_open_the_conflicts_page()

        self.then_the_response_status_is(403)
        self.and_i_am_told("You do not have permission to manage data conflicts.")
        self.and_the_page_is_accessible()

    def given_a_matched_student_with_a_conflict(self):
        self.incoming_student = IncomingStudentFactory(
            forename="Ottilie", surname="Tansley", state=State.MATCHED_WITH_CONFLICTS
        )
        DataConflictFactory(incoming_student=self.incoming_student)

    def when_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto("/incoming-students/matched-with-conflicts/")

    def when_i_open_the_conflicts_page(self):
        self.response = self.page.goto(f"/incoming-students/{self.incoming_student.pk}/conflicts/")

    def then_the_table_lists_the_student(self):
        rows = self.page.locator("#incoming-students tbody tr")
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text("Ottilie Tansley")

    def and_no_manage_conflicts_link_is_offered(self):
        links = self.page.get_by_role("link", name=re.compile(r"^Manage conflicts"))
        expect(links).to_have_count(0)

    def then_the_response_status_is(self, status):
        assert self.response.status == status

    def and_i_am_told(self, sentence):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "You do not have permission to do this"
        )
        expect(self.page.locator("main")).to_contain_text(sentence)

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)


class TestPermissionRemovedWhilePageIsOpen:
    """The server checks the permission on each action, not only when it draws the buttons."""

    @pytest.fixture(autouse=True)
    def set_up(self, data_processor, data_processor_page, assert_accessible):
        self.user = data_processor
        self.page = data_processor_page
        self.assert_accessible = assert_accessible

    def test_select_is_rejected(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_possible_matches_page()
        self.when_an_administrator_removes_my_permission()
        self.when_i_press("Select Ottilie Quenby")

        self.then_i_am_told("You do not have permission to match incoming students.")
        self.and_the_incoming_student_is_unchanged()
        self.and_the_page_is_accessible()

    def test_add_new_is_rejected(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_unmatched_tab()
        self.when_i_tick("Ottilie Quenby")
        self.when_i_press("Add new")
        self.when_an_administrator_removes_my_permission()
        self.when_i_press("Yes")

        self.then_i_am_told("You do not have permission to add new students.")
        self.and_the_incoming_student_is_unchanged()
        self.and_the_register_has_only_the_candidate()

    def test_discard_is_rejected(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_unmatched_tab()
        self.when_i_tick("Ottilie Quenby")
        self.when_i_press("Discard")
        self.when_an_administrator_removes_my_permission()
        self.when_i_press("Yes")

        self.then_i_am_told("You do not have permission to discard incoming students.")
        self.and_the_incoming_student_is_unchanged()

    # Given

    def given_an_unmatched_student_with_a_possible_match(self):
        self.incoming_student = IncomingStudentFactory(forename="Ottilie", surname="Quenby")
        PossibleMatchFactory(
            incoming_student=self.incoming_student,
            student=StudentFactory(legal_forename="Ottilie", legal_surname="Quenby"),
        )

    # When

    def when_i_open_the_unmatched_tab(self):
        self.page.goto("/incoming-students/unmatched/")

    def when_i_open_the_possible_matches_page(self):
        self.page.goto(f"/incoming-students/{self.incoming_student.pk}/possible-matches/")

    def when_an_administrator_removes_my_permission(self):
        group = Group.objects.get(name=PERMISSION_NAMES[LA_DATA_PROCESSING])
        self.user.groups.remove(group)

    def when_i_tick(self, name):
        self.page.get_by_role("checkbox", name=f"Select {name}").check()

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    # Then

    def then_i_am_told(self, sentence):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "You do not have permission to do this"
        )
        expect(self.page.locator("main")).to_contain_text(sentence)

    def and_the_incoming_student_is_unchanged(self):
        version = self.incoming_student.version
        self.incoming_student.refresh_from_db()
        assert self.incoming_student.state == State.UNMATCHED
        assert self.incoming_student.matched_student_id is None
        assert self.incoming_student.version == version
        assert AuditEvent.objects.count() == 0

    def and_the_register_has_only_the_candidate(self):
        assert Student.objects.count() == 1

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
