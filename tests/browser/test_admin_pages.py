"""The Django admin pages pass axe-core, and the fixes for them keep the widgets working.

templates/admin/base_site.html adds the project's admin stylesheet and script
to every admin page: larger list filter links, a label for each select2
autocomplete box, and a role for the filter boxes' search icons.
"""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import expect
from tests.factories import (
    BaseFactory,
    DataConflictFactory,
    IncomingCarerFactory,
    PossibleMatchFactory,
    StudentCarerFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataProcessingRule, MatchingSettings, RejectedValue
from portal_backoffice.intake.models.choices import DataGroup, RuleAction
from portal_backoffice.register.models import ValueChange

pytestmark = pytest.mark.browser


@pytest.fixture
def superuser(make_user):
    return make_user("officer", is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_each_record(superuser):
    """Create at least one row of every model the admin lists, so each has a change page."""
    conflict = DataConflictFactory()
    incoming = conflict.incoming_student
    IncomingCarerFactory(incoming_student=incoming)
    match = PossibleMatchFactory(incoming_student=incoming)
    StudentCarerFactory(student=match.student)
    AuditEvent.objects.create(
        actor=superuser,
        action="incoming_student_discard",
        incoming_student_id=incoming.pk,
        from_state="unmatched",
        to_state="discarded",
    )
    RejectedValue.objects.create(
        student=match.student, field="legal_surname", value="Brackenbury", rejected_by=superuser
    )
    ValueChange.objects.create(
        model="student",
        object_id=match.student.pk,
        field="legal_surname",
        old_value="Oakhurst",
        new_value="Oakhurst-Reed",
        changed_by=superuser,
    )
    MatchingSettings.current()
    DataProcessingRule.objects.create(data_group=DataGroup.NAMES, action=RuleAction.ALWAYS_CONFLICT)


def admin_urls(user) -> list[str]:
    """Return the admin index and, for each registered model, the pages it offers the user."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


class TestAdminPages:
    @pytest.fixture(autouse=True)
    def set_up(self, open_signed_in_page, superuser, assert_accessible):
        self.page = open_signed_in_page(superuser)
        self.superuser = superuser
        self.assert_accessible = assert_accessible

    def test_every_admin_page_accessible(self, one_of_each_record):
        urls = admin_urls(self.superuser)
        # The index, a list for each model and a change page for most of them.
        assert len(urls) > 25

        for url in urls:
            response = self.page.goto(url)
            assert response.status == 200, url
            self.when_the_widgets_are_built()
            self.assert_accessible(self.page)

    def test_filter_links_at_least_24_pixels(self, one_of_each_record):
        self.page.goto(reverse("admin:intake_dataprocessingrule_changelist"))

        links = self.page.locator("#changelist-filter a")
        assert links.count() > 2
        for link in links.all():
            box = link.bounding_box()
            assert box["height"] >= 24, link.text_content()
            assert box["width"] >= 24, link.text_content()

    def test_base_box_named_and_chooses_base(self):
        larkfield = BaseFactory(name="Larkfield Primary")
        BaseFactory(name="Osier Nursery")
        rule = DataProcessingRule.objects.create(
            data_group=DataGroup.NAMES, base=larkfield, action=RuleAction.ALWAYS_CONFLICT
        )

        self.page.goto(reverse("admin:intake_dataprocessingrule_change", args=[rule.pk]))
        self.then_the_box_is_named("Base: Larkfield Primary")
        self.and_the_page_is_accessible()

        self.when_i_choose_the_base("Osier", "Osier Nursery")
        self.then_the_box_is_named("Base: Osier Nursery")
        self.and_the_page_is_accessible()

        self.page.get_by_role("button", name="Save", exact=True).click()
        expect(self.page.locator(".messagelist")).to_contain_text("was changed successfully")
        rule.refresh_from_db()
        assert rule.base.name == "Osier Nursery"

        self.page.goto(reverse("admin:intake_dataprocessingrule_add"))
        self.then_the_box_is_named("Base:")
        self.and_the_page_is_accessible()

    def test_permission_filter_boxes_keep_labels(self):
        self.page.goto(reverse("admin:auth_user_change", args=[self.superuser.pk]))

        # SelectFilter2.js builds the two boxes from the one select on the load event.
        search = self.page.get_by_role(
            "textbox", name="Type into this box to filter down the list of available groups."
        )
        expect(search).to_be_visible()
        self.and_the_page_is_accessible()

    # When

    def when_the_widgets_are_built(self):
        # select2 starts on jQuery's ready handler, which can run after the load event.
        autocompletes = self.page.locator("select.admin-autocomplete:not([name*=__prefix__])")
        for select in autocompletes.all():
            expect(select.locator("xpath=following-sibling::span[1]")).to_have_class(
                re.compile(r"\bselect2-container\b")
            )

    def when_i_choose_the_base(self, search, name):
        self.page.get_by_role("combobox", name="Base:").click()
        self.page.keyboard.type(search)
        self.page.get_by_role("option", name=name, exact=True).click()

    # Then

    def then_the_box_is_named(self, name):
        expect(self.page.get_by_role("combobox", name=name, exact=True)).to_be_visible()

    def and_the_page_is_accessible(self):
        self.assert_accessible(self.page)
