from django.db import models

from .choices import ApplicationType


class BaseType(models.Model):
    """A kind of setting: Nursery, Primary, Secondary, Special, PVI, Childminder, Citizen portal."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Base(models.Model):
    """A school, nursery, childminder or portal that children are attributed to."""

    name = models.CharField(max_length=120)
    base_type = models.ForeignKey(BaseType, on_delete=models.PROTECT, related_name="bases")
    la_code = models.CharField("LA code", max_length=3, blank=True)
    establishment_number = models.CharField(max_length=4, blank=True)
    # Set only on a portal base: the citizen application type it receives.
    portal_application_type = models.CharField(
        max_length=12, choices=ApplicationType.choices, blank=True, unique=True, null=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code", "establishment_number"],
                condition=~models.Q(establishment_number=""),
                name="base_unique_laestab",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def laestab(self) -> str:
        """The DfE number, LA code followed by establishment number (7 digits)."""
        return f"{self.la_code}{self.establishment_number}"
