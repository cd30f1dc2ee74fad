"""An officer matches and discards students with the keyboard alone, seeing where focus is."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import IncomingStudentFactory, PossibleMatchFactory, StudentFactory

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.browser

# More Tab presses than any of these pages has focusable elements before the target.
MAX_TAB_PRESSES = 60
# Pixels around an element that its focus indicator may cover.
FOCUS_MARGIN = 8


def tab_to(page, target) -> None:
    """Press Tab until the target has focus, failing with the elements passed on the way."""
    passed = []
    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
        passed.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    pytest.fail(
        f"{MAX_TAB_PRESSES} Tab presses did not reach {target}. Focus passed:\n" + "\n".join(passed)
    )


def assert_focus_visible(page, target) -> None:
    """Fail unless the area around the focused target looks different without focus.

    The target gets focus back afterwards, so the test can go on from it.
    """
    box = target.bounding_box()
    assert box is not None, f"{target} is not visible"
    clip = {
        "x": max(box["x"] - FOCUS_MARGIN, 0),
        "y": max(box["y"] - FOCUS_MARGIN, 0),
        "width": box["width"] + 2 * FOCUS_MARGIN,
        "height": box["height"] + 2 * FOCUS_MARGIN,
    }

    focused = page.screenshot(clip=clip, animations="disabled")
    target.evaluate("element => element.blur()")
    unfocused = page.screenshot(clip=clip, animations="disabled")
    target.focus()

    assert focused != unfocused, f"{target} shows no visible focus indicator"


class TestKeyboardOnly:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_match_and_select_by_keyboard(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_unmatched_tab()
        self.when_i_press_tab()
        self.then_the_skip_link_has_visible_focus()

        self.when_i_press_enter()
        self.then_focus_is_on_the_main_content()

        self.when_i_tab_to_the_link("Match Ottilie Quenby")
        self.then_it_has_visible_focus()
        self.when_i_press_enter()
        self.then_the_heading_is("Ottilie Quenby")

        self.when_i_tab_to_the_button("Select Ottilie Quenby")
        self.then_it_has_visible_focus()
        self.when_i_press_enter()

        self.then_the_success_banner_has_focus()
        self.and_the_incoming_student_is_linked()
        self.and_the_page_is_accessible()

    def test_discard_by_keyboard(self):
        self.given_an_unmatched_student_with_a_possible_match()

        self.when_i_open_the_unmatched_tab()
        self.when_i_tab_to_the_checkbox("Select Ottilie Quenby")
        self.then_it_has_visible_focus()
        self.when_i_press_space()
        self.then_it_is_ticked()

        self.when_i_tab_to_the_button("Discard")
        self.then_it_has_visible_focus()
        self.when_i_press_enter()
        self.then_the_heading_is("Do you wish to discard the selected students?")

        self.when_i_tab_to_the_button("Yes")
        self.then_it_has_visible_focus()
        self.when_i_press_enter()

        self.then_the_success_banner_has_focus()
        self.and_the_incoming_student_is_discarded()

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

    def when_i_press_tab(self):
        self.page.keyboard.press("Tab")

    def when_i_press_enter(self):
        self.page.keyboard.press("Enter")

    def when_i_press_space(self):
        self.page.keyboard.press("Space")

    def when_i_tab_to_the_link(self, name):
        self.focused = self.page.get_by_role("link", name=name, exact=True)
        tab_to(self.page, self.focused)

    def when_i_tab_to_the_button(self, name):
        self.focused = self.page.get_by_role("button", name=name, exact=True)
        tab_to(self.page, self.focused)

    def when_i_tab_to_the_checkbox(self, name):
        self.focused = self.page.get_by_role("checkbox", name=name, exact=True)
        tab_to(self.page, self.focused)

    # Then

    def then_the_skip_link_has_visible_focus(self):
        self.focused = self.page.get_by_role("link", name="Skip to main content")
        expect(self.focused).to_be_focused()
        expect(self.focused).to_be_in_viewport()
        assert_focus_visible(self.page, self.focused)

    def then_focus_is_on_the_main_content(self):
        expect(self.page.locator("main#main-content")).to_be_focused()

    def then_it_has_visible_focus(self):
        expect(self.focused).to_be_focused()
        assert_focus_visible(self.page, self.focused)

    def then_it_is_ticked(self):
        expect(self.focused).to_be_checked()

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def then_the_success_banner_has_focus(self):
        expect(self.page).to_have_url(re.compile(r"/incoming-students/unmatched/$"))
        expect(self.page.locator(".govuk-notification-banner--success")).to_be_focused()

    def and_the_incoming_student_is_linked(self):
        incoming_student = IncomingStudent.objects.get(pk=self.incoming_student.pk)
        assert incoming_student.matched_student_id is not None
        assert incoming_student.state != State.UNMATCHED

    def and_the_incoming_student_is_discarded(self):
        incoming_student = IncomingStudent.objects.get(pk=self.incoming_student.pk)
        assert incoming_student.state == State.DISCARDED

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
