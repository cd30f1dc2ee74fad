"""An administrator changes a data processing rule, and the next import follows it.

The LA's rule for Names is "Always put in conflict", so a child whose surname
the portal spells differently waits on the Matched with Conflicts tab. A staff
user changes the rule to "Never import" in the Django admin, and the next such
child is processed with the LA's surname kept.
"""

import contextlib
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from playwright.sync_api import expect
from tests.factories import BaseFactory, StudentFactory

from portal_backoffice.intake.models import DataConflict, DataProcessingRule, IncomingStudent
from portal_backoffice.intake.models.choices import DataGroup, RuleAction, State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.browser

# The school's DfE number (LAESTAB): LA code 999 and establishment number 1001.
LAESTAB = "9991001"
CONFLICTS_URL = "/incoming-students/matched-with-conflicts/"


def register_child(forename, surname, upn):
    """Create an invented child in the LA register, at the school."""
    return StudentFactory(
        legal_forename=forename,
        legal_surname=surname,
        date_of_birth=datetime.date(2018, 3, 14),
        gender="M",
        upn=upn,
        address_line_1="12 Osier Lane",
        town="Fenwick",
        postcode="ZZ9 4QT",
    )


def portal_file(directory, *, file_id, forename, surname, upn):
    """Write a provider portal headcount file with one child, and return its path."""
    document = {
        "header": {
            "schema_version": "1.0",
            "file_id": file_id,
            "source": "provider_portal",
            "module": "HEADCOUNT",
            "base": {"laestab": LAESTAB},
            "created_at": "2026-11-30T09:00:00Z",
        },
        "children": [
            {
                "forename": forename,
                "surname": surname,
                "date_of_birth": "2018-03-14",
                "gender": "M",
                "upn": upn,
                "address_line_1": "12 Osier Lane",
                "town": "Fenwick",
                "postcode": "ZZ9 4QT",
                "module_data": {"funded_hours": 15},
            }
        ],
    }
    path = directory / f"{file_id}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def import_files(*paths):
    """Run the import command as an LA would, on the files given."""
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    # The command exits with 1 when it rejected a file, which the tests check
    # through the incoming students it stored.
    with contextlib.suppress(SystemExit):
        call_command("import", *map(str, paths), "--no-progress", **quiet)


@pytest.fixture
def administrator(make_user):
    """An officer who may also change data processing rules in the Django admin."""
    user = make_user("officer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="intake",
            codename__in=["view_dataprocessingrule", "change_dataprocessingrule"],
        )
    )
    return user


class TestRulesAdminWalk:
    @pytest.fixture(autouse=True)
    def set_up(self, open_signed_in_page, administrator, assert_accessible, private_var_dir):
        self.page = open_signed_in_page(administrator)
        self.assert_accessible = assert_accessible
        self.files = private_var_dir

    def test_never_import_names_after_rule_change(self):
        self.given_the_school_and_two_children_in_the_register()
        self.given_the_names_rule_is(RuleAction.ALWAYS_CONFLICT)

        self.when_a_file_spells_a_surname_differently("HC-0001", "Quillan", "Brackenbury-Vale")
        self.and_i_open_the_matched_with_conflicts_tab()
        self.then_the_table_lists("Quillan Brackenbury-Vale")
        self.and_the_page_is_accessible()

        self.when_i_follow("Manage conflicts for Quillan Brackenbury-Vale")
        self.then_the_tab_is_marked("Names", "1 conflict")
        self.and_the_item_shows("Surname", "Brackenbury", "Brackenbury-Vale")
        self.and_the_page_is_accessible()

        self.when_i_open_the_administration()
        self.when_i_follow("Data processing rules")
        self.and_the_page_is_accessible()
        self.when_i_open_the_rule("Names")
        self.then_the_box_is_named("Base:")
        self.and_the_page_is_accessible()
        self.when_i_choose("Action", "Never import")
        self.when_i_press("Save")
        self.then_the_page_shows("Names: Never import")
        self.and_the_page_is_accessible()

        self.when_a_file_spells_a_surname_differently("HC-0002", "Tamsin", "Oakhurst-Reed")
        self.and_i_open_the_matched_with_conflicts_tab()
        self.then_the_table_lists("Quillan Brackenbury-Vale")
        self.and_the_page_is_accessible()

        self.when_i_open_the_history_of(self.tamsin)
        self.then_the_heading_is("Tamsin Oakhurst")
        self.then_the_page_shows(f"Linked to student {self.tamsin.pk}")
        self.and_the_page_is_accessible()
        self.and_the_incoming_student_is_processed_without_conflicts("HC-0002")
        self.and_the_register_keeps_the_surname(self.tamsin, "Oakhurst")

    # Given

    def given_the_school_and_two_children_in_the_register(self):
        BaseFactory(name="Larkfield Primary", la_code=LAESTAB[:3], establishment_number="1001")
        # Valid permanent UPNs, their check letters worked out with the DfE algorithm.
        self.quillan = register_child("Quillan", "Brackenbury", "F373200124123")
        self.tamsin = register_child("Tamsin", "Oakhurst", "X936400123507")
        call_command("rebuild_match_index", stdout=io.StringIO())

    def given_the_names_rule_is(self, action):
        DataProcessingRule.objects.create(data_group=DataGroup.NAMES, action=action)

    # When

    def when_a_file_spells_a_surname_differently(self, file_id, forename, surname):
        child = self.quillan if forename == "Quillan" else self.tamsin
        import_files(
            portal_file(
                self.files, file_id=file_id, forename=forename, surname=surname, upn=child.upn
            )
        )

    def and_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto(CONFLICTS_URL)

    def when_i_open_the_administration(self):
        self.page.get_by_role("link", name="Administration").first.click()
        expect(self.page.get_by_role("heading", name="Site administration")).to_be_visible()
        self.and_the_page_is_accessible()

    def when_i_open_the_rule(self, data_group):
        # The list's filter panel links to each data group as well.
        self.page.locator("#result_list").get_by_role("link", name=data_group, exact=True).click()

    def when_i_open_the_history_of(self, student):
        self.page.goto(f"/students/{student.pk}/history/")

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def when_i_choose(self, label, option):
        # The admin's labels end with a colon, such as "Action:".
        self.page.get_by_label(f"{label}:", exact=True).select_option(label=option)

    def when_i_press(self, button):
        self.page.get_by_role("button", name=button, exact=True).click()

    # Then

    def then_the_table_lists(self, *names):
        rows = self.page.locator("#incoming-students tbody tr")
        expect(rows).to_have_count(len(names))
        for index, name in enumerate(names):
            expect(rows.nth(index)).to_contain_text(name)

    def then_the_tab_is_marked(self, label, tag):
        tab = self.page.locator(".govuk-tabs__tab", has_text=label)
        expect(tab.locator(".govuk-tag--red")).to_have_text(tag)

    def and_the_item_shows(self, item, la_value, incoming_value):
        group = self.page.get_by_role("group", name=item, exact=True)
        expect(group.locator(".govuk-summary-list__value")).to_have_text([la_value, incoming_value])

    def then_the_page_shows(self, text):
        expect(self.page.locator("body")).to_contain_text(text)

    def then_the_box_is_named(self, name):
        # The select2 box for a foreign key is a combobox that select2 adds after
        # the page is parsed. With no value chosen its name is the label alone.
        expect(self.page.get_by_role("combobox", name=name, exact=True)).to_be_visible()

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def and_the_incoming_student_is_processed_without_conflicts(self, file_id):
        incoming = IncomingStudent.objects.get(incoming_file__file_id=file_id)
        assert incoming.state == State.PROCESSED
        assert incoming.matched_student_id == self.tamsin.pk
        assert not DataConflict.objects.filter(incoming_student=incoming).exists()

    def and_the_register_keeps_the_surname(self, student, surname):
        assert Student.objects.get(pk=student.pk).legal_surname == surname

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
