"""The audit trail cannot be changed or deleted through the models or the admin."""

import pytest
from tests.factories import UserFactory

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit_record(
        action="incoming_student_discard",
        actor=UserFactory(username="ada.quenby"),
        incoming_student_id=41,
        from_state="unmatched",
        to_state="discarded",
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_saved_event_cannot_be_changed(event):
    event.reason = "Edited afterwards"

    with pytest.raises(PermissionError, match="cannot be changed"):
        event.save()


def test_event_cannot_be_deleted(event):
    with pytest.raises(PermissionError, match="cannot be deleted"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_cannot_update_or_delete(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="Edited")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_admin_lists_events(admin_client, event):
    response = admin_client.get("/admin/accounts/auditevent/")

    assert response.status_code == 200
    assert "incoming_student_discard" in response.text


def test_admin_shows_event_read_only(admin_client, event):
    response = admin_client.get(f"/admin/accounts/auditevent/{event.pk}/change/")

    assert response.status_code == 200
    assert 'name="_save"' not in response.text


def test_admin_rejects_add_change_and_delete(admin_client, event):
    assert admin_client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert admin_client.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403

    response = admin_client.post(
        f"/admin/accounts/auditevent/{event.pk}/change/", {"reason": "Edited"}
    )

    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_admin_bulk_delete_is_not_offered(admin_client, event):
    response = admin_client.get("/admin/accounts/auditevent/")

    assert "delete_selected" not in response.text


def test_admin_search_by_incoming_student_id(admin_client, event):
    found = admin_client.get("/admin/accounts/auditevent/?q=41")
    not_a_number = admin_client.get("/admin/accounts/auditevent/?q=Wrenfield")

    assert found.status_code == 200
    assert "incoming_student_discard" in found.text
    assert not_a_number.status_code == 200
    assert "0 audit events" in not_a_number.text
