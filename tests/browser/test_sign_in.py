"""Signing in and out of the back office in a real browser."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

WRONG_PASSWORD_MESSAGE = "Enter a correct user name and password. Both are case sensitive."


class TestSignIn:
    @pytest.fixture(autouse=True)
    def set_up(self, page, make_user, assert_accessible):
        self.page = page
        self.make_user = make_user
        self.assert_accessible = assert_accessible

    def test_correct_password_opens_back_office(self):
        self.given_an_officer_account()
        self.when_i_open_the_back_office()
        self.then_i_am_asked_to_sign_in()
        self.and_the_page_is_accessible()

        self.when_i_sign_in_with_password(TEST_PASSWORD)
        self.then_i_am_signed_in()
        self.and_the_page_is_accessible()

    def test_wrong_password_shows_error_summary(self):
        self.given_an_officer_account()
        self.when_i_open_the_sign_in_page()
        self.when_i_sign_in_with_password("not-the-password")
        self.then_i_see_the_error(WRONG_PASSWORD_MESSAGE)
        self.and_the_page_title_starts_with_error()
        self.and_the_error_summary_has_focus()
        self.and_the_page_is_accessible()

        self.when_i_follow_the_first_error_link()
        self.then_the_user_name_field_has_focus()

    def test_empty_form_names_each_missing_field(self):
        self.given_an_officer_account()
        self.when_i_open_the_sign_in_page()
        self.when_i_submit_the_empty_form()
        self.then_i_see_the_error("Enter your user name")
        self.then_i_see_the_error("Enter your password")
        self.and_the_page_is_accessible()

    def test_deep_link_opens_after_sign_in(self):
        self.given_an_officer_account()
        self.when_i_open_the_matched_with_conflicts_tab()
        self.then_i_am_asked_to_sign_in()

        self.when_i_sign_in_with_password(TEST_PASSWORD)
        self.then_i_am_on_the_matched_with_conflicts_tab()

    def test_sign_out_returns_to_sign_in(self):
        self.given_an_officer_account()
        self.when_i_open_the_sign_in_page()
        self.when_i_sign_in_with_password(TEST_PASSWORD)
        self.then_i_am_signed_in()

        self.when_i_sign_out()
        self.then_i_am_asked_to_sign_in()

        self.when_i_open_the_back_office()
        self.then_i_am_asked_to_sign_in()

    def given_an_officer_account(self):
        self.user = self.make_user("officer", username="ada.quenby")

    def when_i_open_the_back_office(self):
        self.page.goto("/")

    def when_i_open_the_matched_with_conflicts_tab(self):
        self.page.goto("/incoming-students/matched-with-conflicts/")

    def when_i_open_the_sign_in_page(self):
        self.page.goto("/accounts/sign-in/")

    def when_i_sign_in_with_password(self, password):
        self.page.get_by_label("User name").fill(self.user.username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def when_i_submit_the_empty_form(self):
        self.page.get_by_role("button", name="Sign in").click()

    def when_i_follow_the_first_error_link(self):
        self.page.locator(".govuk-error-summary__list a").first.click()

    def when_i_sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()

    def then_i_am_asked_to_sign_in(self):
        expect(self.page).to_have_url(re.compile(r"/accounts/sign-in/"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "Sign in to Portal Back Office"
        )

    def then_i_am_signed_in(self):
        expect(self.page).not_to_have_url(re.compile(r"/accounts/sign-in/"))
        expect(self.page.get_by_role("button", name="Sign out")).to_be_visible()

    def then_i_am_on_the_matched_with_conflicts_tab(self):
        expect(self.page).to_have_url(re.compile(r"/incoming-students/matched-with-conflicts/$"))
        current = self.page.locator(".govuk-tabs__tab[aria-current='page']")
        expect(current).to_have_text("Matched with Conflicts (0)")

    def then_i_see_the_error(self, message):
        summary = self.page.locator(".govuk-error-summary")
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        expect(summary.get_by_role("listitem").filter(has_text=message)).to_have_count(1)

    def then_the_user_name_field_has_focus(self):
        expect(self.page.get_by_label("User name")).to_be_focused()

    def and_the_page_title_starts_with_error(self):
        expect(self.page).to_have_title(re.compile(r"^Error: "))

    def and_the_error_summary_has_focus(self):
        expect(self.page.locator(".govuk-error-summary")).to_be_focused()

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
