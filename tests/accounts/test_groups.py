"""The accounts migration creates the two permission groups."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("group_name", "codename"),
    [
        ("Portal LA Data Processing", "portal_la_data_processing"),
        ("Portal Conflict Management", "portal_conflict_management"),
    ],
)
def test_group_grants_its_permission(group_name, codename):
    group = Group.objects.get(name=group_name)

    assert list(group.permissions.values_list("codename", flat=True)) == [codename]


def test_group_member_has_only_that_permission(user_in_groups):
    user = user_in_groups("ada.quenby", "Portal LA Data Processing")

    assert user.has_perm("accounts.portal_la_data_processing")
    assert not user.has_perm("accounts.portal_conflict_management")
