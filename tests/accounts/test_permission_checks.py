"""The permission decorator and mixin reject on the server, with the 403 page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from portal_backoffice.accounts.permissions import (
    LA_DATA_PROCESSING_PERMISSION,
    PermissionRequiredMixin,
    permission_required,
)

pytestmark = pytest.mark.django_db


@permission_required(LA_DATA_PROCESSING_PERMISSION, action="add new students")
def add_new_view(request):
    return HttpResponse("added")


class AddNewView(PermissionRequiredMixin, View):
    permission = LA_DATA_PROCESSING_PERMISSION
    action = "add new students"

    def post(self, request):
        return HttpResponse("added")


def _request(user):
    request = RequestFactory().post("/incoming-students/add-new/")
    request.user = user
    return request


def test_decorator_runs_view_with_permission(user_in_groups):
    user = user_in_groups("ada.quenby", "Portal LA Data Processing")

    response = add_new_view(_request(user))

    assert response.status_code == 200
    assert response.content == b"added"


def test_decorator_rejects_without_permission(user_in_groups):
    user = user_in_groups("ada.quenby", "Portal Conflict Management")

    with pytest.raises(PermissionDenied) as rejection:
        add_new_view(_request(user))

    assert str(rejection.value) == "You do not have permission to add new students."


def test_decorator_sends_anonymous_user_to_sign_in():
    response = add_new_view(_request(AnonymousUser()))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")


def test_mixin_rejects_without_permission(user_in_groups):
    user = user_in_groups("ada.quenby")

    with pytest.raises(PermissionDenied) as rejection:
        AddNewView.as_view()(_request(user))

    assert str(rejection.value) == "You do not have permission to add new students."


def test_mixin_runs_view_with_permission(user_in_groups):
    user = user_in_groups("ada.quenby", "Portal LA Data Processing")

    response = AddNewView.as_view()(_request(user))

    assert response.content == b"added"


def test_forbidden_page_states_the_rejection(client, user_in_groups):
    user = user_in_groups("ada.quenby", "Portal Conflict Management")
    client.force_login(user)

    response = client.post("/incoming-students/discard/", {"incoming_student_ids": ["1"]})

    assert response.status_code == 403
    assert "You do not have permission to discard incoming students." in response.text
    assert "ask an administrator to add you to the right group" in response.text
