"""An officer narrows the incoming student tabs with the filters."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import (
    BaseFactory,
    DataConflictFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
)

from portal_backoffice.intake.models.choices import DataGroup, Module, Source, State

pytestmark = pytest.mark.browser


class TestFilters:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_unmatched_by_name_and_source(self):
        self.given_unmatched_students_from_two_portals()

        self.when_i_open_the_unmatched_tab()
        self.when_i_open_the_filters()
        self.then_the_page_is_accessible()

        self.when_i_fill("Surname or forename", "rook")
        self.when_i_choose("Source", "Citizen portal")
        self.when_i_press("Apply filters")

        self.then_the_table_lists_names("Ottilie Rookwood")
        self.and_the_address_keeps_the_filters()
        self.and_the_filters_stay_open_with_their_values()
        self.then_the_page_is_accessible()

        self.when_i_follow("Clear filters")
        self.then_the_table_lists_names("Ottilie Quenby", "Ottilie Rookwood", "Ottilie Rookwell")

    def test_unmatched_by_file_id(self):
        self.given_unmatched_students_from_two_portals()

        self.when_i_open_the_unmatched_tab()
        self.when_i_open_the_filters()
        self.when_i_fill("File ID", "CITIZEN-0001")
        self.when_i_press("Apply filters")

        self.then_the_table_lists_names("Ottilie Rookwood")

    def test_no_student_matches_the_filters(self):
        self.given_unmatched_students_from_two_portals()

        self.when_i_open_the_unmatched_tab()
        self.when_i_open_the_filters()
        self.when_i_fill("Surname or forename", "Zebedee")
        self.when_i_press("Apply filters")

        self.then_i_am_told("No unmatched students match the filters.")
        self.then_the_page_is_accessible()

    def test_matched_with_conflicts_by_data_group(self):
        self.given_matched_students_with_conflicts_in(
            ("Tansley", DataGroup.ADDRESS), ("Umber", DataGroup.SEN)
        )

        self.when_i_open_the_matched_with_conflicts_tab()
        self.when_i_open_the_filters()
        self.when_i_tick("SEN")
        self.when_i_press("Apply filters")

        self.then_the_table_lists_names("Ottilie Umber")
        self.then_the_page_is_accessible()

    # Given

    def given_unmatched_students_from_two_portals(self):
        provider_file = IncomingFileFactory(
            file_id="PROVIDER-0001", source=Source.PROVIDER_PORTAL, module=Module.HEADCOUNT
        )
        citizen_file = IncomingFileFactory(
            file_id="CITIZEN-0001",
            source=Source.CITIZEN_PORTAL,
            module=Module.FSM,
            base=BaseFactory(name="Citizen portal: test"),
        )
        IncomingStudentFactory(incoming_file=provider_file, forename="Ottilie", surname="Quenby")
        IncomingStudentFactory(incoming_file=citizen_file, forename="Ottilie", surname="Rookwood")
        IncomingStudentFactory(incoming_file=provider_file, forename="Ottilie", surname="Rookwell")

    def given_matched_students_with_conflicts_in(self, *surnames_and_groups):
        for surname, data_group in surnames_and_groups:
            incoming_student = IncomingStudentFactory(
                forename="Ottilie", surname=surname, state=State.MATCHED_WITH_CONFLICTS
            )
            DataConflictFactory(incoming_student=incoming_student, data_group=data_group)

    # When

    def when_i_open_the_unmatched_tab(self):
        self.page.goto("/incoming-students/unmatched/")

    def when_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto("/incoming-students/matched-with-conflicts/")

    def when_i_open_the_filters(self):
        self.page.get_by_text("Filter students", exact=True).click()

    def when_i_fill(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def when_i_choose(self, label, option):
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def when_i_tick(self, label):
        self.page.get_by_label(label, exact=True).check()

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    # Then

    def then_the_table_lists_names(self, *names):
        rows = self.page.locator("#incoming-students tbody tr")
        expect(rows).to_have_count(len(names))
        for row_index, name in enumerate(sorted(names, key=lambda name: name.split()[-1])):
            expect(rows.nth(row_index)).to_contain_text(name)

    def and_the_address_keeps_the_filters(self):
        expect(self.page).to_have_url(re.compile(r"[?&]name=rook(&|$)"))
        expect(self.page).to_have_url(re.compile(r"[?&]source=citizen_portal(&|$)"))

    def and_the_filters_stay_open_with_their_values(self):
        expect(self.page.get_by_label("Surname or forename", exact=True)).to_have_value("rook")
        expect(self.page.get_by_label("Source", exact=True)).to_have_value("citizen_portal")

    def then_i_am_told(self, sentence):
        expect(self.page.locator(".govuk-tabs__panel")).to_contain_text(sentence)

    def then_the_page_is_accessible(self):
        self.assert_accessible(self.page)
