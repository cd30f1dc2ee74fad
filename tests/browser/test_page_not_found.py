"""A missing record or mistyped address shows the GOV.UK page not found."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


class TestPageNotFound:
    @pytest.fixture(autouse=True)
    def set_up(self, officer_page, assert_accessible):
        self.page = officer_page
        self.assert_accessible = assert_accessible

    def test_missing_incoming_student(self):
        self.when_i_open("/incoming-students/999999/possible-matches/")

        self.then_the_response_status_is(404)
        self.and_the_heading_is("Page not found")
        self.and_the_page_is_accessible()

        self.when_i_follow("Go to incoming students")
        self.then_the_heading_is("Incoming students")

    def test_mistyped_address(self):
        self.when_i_open("/incoming-studnets/")

        self.then_the_response_status_is(404)
        self.and_the_heading_is("Page not found")
        self.and_the_page_is_accessible()

    def when_i_open(self, path):
        self.response = self.page.goto(path)

    def when_i_follow(self, link):
        self.page.get_by_role("link", name=link, exact=True).click()

    def then_the_response_status_is(self, status):
        assert self.response.status == status

    def then_the_heading_is(self, text):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    and_the_heading_is = then_the_heading_is

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
