"""Create the base types and the three citizen portal bases.

The register loader and the synthetic generator reuse these rows by name and
by application type, so an LA's register never needs to list them.
"""

from django.db import migrations

BASE_TYPE_NAMES = [
    "Nursery",
    "Primary",
    "Secondary",
    "Special",
    "PVI",
    "Childminder",
    "Citizen portal",
]

# Application type -> base name. A citizen submission is attributed to the
# portal base of its application type.
PORTAL_BASES = {
    "FSM": "Citizen portal: free school meals",
    "2YO": "Citizen portal: two-year-old funding",
    "TRANSPORT": "Citizen portal: school transport",
}


def base_types_and_portal_bases_create(apps, schema_editor):
    BaseType = apps.get_model("register", "BaseType")
    Base = apps.get_model("register", "Base")

    for name in BASE_TYPE_NAMES:
        BaseType.objects.get_or_create(name=name)

    portal_type = BaseType.objects.get(name="Citizen portal")
    for application_type, name in PORTAL_BASES.items():
        Base.objects.get_or_create(
            portal_application_type=application_type,
            defaults={"name": name, "base_type": portal_type},
        )


def portal_bases_delete(apps, schema_editor):
    # Base types stay: bases loaded since the migration may use them.
    Base = apps.get_model("register", "Base")
    Base.objects.filter(portal_application_type__in=list(PORTAL_BASES)).delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [
        migrations.RunPython(base_types_and_portal_bases_create, portal_bases_delete),
    ]
