"""Create the two groups that grant the back office's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Group name -> permission codename; each group has the permission of the same name.
GROUP_PERMISSIONS = {
    "Portal LA Data Processing": "portal_la_data_processing",
    "Portal Conflict Management": "portal_conflict_management",
}


def groups_create(apps, schema_editor):
    # Django creates permissions after all migrations have run, so on a new
    # database they do not exist yet: create this app's now.
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codename in GROUP_PERMISSIONS.items():
        permission = Permission.objects.get(content_type__app_label="accounts", codename=codename)
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(permission)


def groups_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
