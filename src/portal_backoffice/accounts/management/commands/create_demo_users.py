"""Create or reset the demo's users, one for each mix of permissions."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

LA_DATA_PROCESSING_GROUP = "Portal LA Data Processing"
CONFLICT_MANAGEMENT_GROUP = "Portal Conflict Management"


@dataclass(frozen=True)
class DemoUser:
    username: str
    email: str
    groups: tuple[str, ...]
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser(
        "officer",
        "officer@example.org",
        (LA_DATA_PROCESSING_GROUP, CONFLICT_MANAGEMENT_GROUP),
    ),
    DemoUser("data.processing", "data.processing@example.org", (LA_DATA_PROCESSING_GROUP,)),
    DemoUser(
        "conflict.management", "conflict.management@example.org", (CONFLICT_MANAGEMENT_GROUP,)
    ),
    DemoUser("admin", "admin@example.org", (), is_superuser=True),
)


class Command(BaseCommand):
    help = (
        "Create the demo users, or reset them if they exist, each with a new random "
        "password, and print their user names, groups and passwords."
    )

    def handle(self, *args, **options):
        rows = []
        with transaction.atomic():
            for demo_user in DEMO_USERS:
                password = secrets.token_urlsafe(12)
                demo_user_save(demo_user, password=password)
                rows.append((demo_user.username, password, demo_user_groups_label(demo_user)))

        self.stdout.write(table_format(("User name", "Password", "Access"), rows))
        self.stdout.write(
            "These passwords are shown only once. Run the command again to reset them."
        )


def demo_user_save(demo_user: DemoUser, *, password: str) -> None:
    user, _ = get_user_model().objects.get_or_create(username=demo_user.username)
    user.email = demo_user.email
    user.is_active = True
    user.is_staff = demo_user.is_superuser
    user.is_superuser = demo_user.is_superuser
    user.set_password(password)
    user.save()

    groups = list(Group.objects.filter(name__in=demo_user.groups))
    missing = set(demo_user.groups) - {group.name for group in groups}
    if missing:
        raise CommandError(
            f"Group {', '.join(sorted(missing))} not found. Run `manage.py migrate`, "
            "which creates it, then run this command again."
        )
    user.groups.set(groups)


def demo_user_groups_label(demo_user: DemoUser) -> str:
    if demo_user.is_superuser:
        return "Administrator (every permission)"
    return ", ".join(demo_user.groups)


def table_format(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, tuple("-" * width for width in widths), *rows):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return "\n".join(lines) + "\n"
