from django.conf import settings
from django.db import models

from portal_backoffice.register.models import Base, Student

from .choices import ConflictDecision, DataGroup, RuleAction
from .students import IncomingCarer, IncomingStudent


class DataConflict(models.Model):
    """One item where a matched incoming student differs from the LA value."""

    incoming_student = models.ForeignKey(
        IncomingStudent, on_delete=models.CASCADE, related_name="conflicts"
    )
    data_group = models.CharField(max_length=16, choices=DataGroup.choices)
    # A Student field name, or for carers the incoming carer it concerns.
    field = models.CharField(max_length=60)
    incoming_carer = models.ForeignKey(
        IncomingCarer, on_delete=models.CASCADE, null=True, blank=True, related_name="conflicts"
    )
    la_value = models.TextField(blank=True)
    incoming_value = models.TextField(blank=True)
    decision = models.CharField(
        max_length=10, choices=ConflictDecision.choices, default=ConflictDecision.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["incoming_student_id", "data_group", "field"]
        indexes = [models.Index(fields=["data_group", "decision"])]


class RejectedValue(models.Model):
    """An incoming value an officer rejected, never raised again for that student."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="rejected_values")
    field = models.CharField(max_length=60)
    value = models.TextField()
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "field", "value"], name="rejected_value_once"
            )
        ]


# The action for a difference when no rule is set for its data group.
DEFAULT_RULE_ACTIONS = {
    DataGroup.NAMES: RuleAction.ALWAYS_CONFLICT,
    DataGroup.ADDRESS: RuleAction.ALWAYS_CONFLICT,
    DataGroup.SEN: RuleAction.ALWAYS_CONFLICT,
    DataGroup.EXCLUSIONS: RuleAction.ALWAYS_CONFLICT,
    DataGroup.LOOKED_AFTER: RuleAction.ALWAYS_CONFLICT,
    DataGroup.LEAVERS: RuleAction.IMPORT_IF_EMPTY,
    DataGroup.CARERS: RuleAction.IMPORT_IF_EMPTY,
    DataGroup.BASIC_DETAILS: RuleAction.IMPORT_IF_EMPTY,
    DataGroup.IDENTIFIERS: RuleAction.IMPORT_IF_EMPTY,
}


class DataProcessingRule(models.Model):
    """The action for a difference in one data group, for every base or for one."""

    data_group = models.CharField(max_length=16, choices=DataGroup.choices)
    base = models.ForeignKey(
        Base,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Leave empty for the rule that applies to every base without its own.",
    )
    action = models.CharField(max_length=16, choices=RuleAction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["data_group", "base"], name="one_rule_per_group_and_base"
            ),
            models.UniqueConstraint(
                fields=["data_group"],
                condition=models.Q(base__isnull=True),
                name="one_default_rule_per_group",
            ),
        ]

    def __str__(self):
        return f"{self.get_data_group_display()}: {self.get_action_display()}"
