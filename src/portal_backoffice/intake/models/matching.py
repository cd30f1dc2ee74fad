from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from portal_backoffice.register.models import Student

from .students import IncomingStudent


class PossibleMatch(models.Model):
    """An LA student the matcher scored against an incoming student."""

    incoming_student = models.ForeignKey(
        IncomingStudent, on_delete=models.CASCADE, related_name="possible_matches"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    model_version = models.CharField(max_length=40)
    # [{"field", "level", "match_weight", "reason"}], one per comparison.
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["incoming_student_id", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["incoming_student", "student"], name="possible_match_once"
            )
        ]


def _probability_validators():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class MatchingSettings(models.Model):
    """The decision thresholds, one row, changed by an administrator in the admin."""

    automatic_match_threshold = models.FloatField(
        default=0.999,
        validators=_probability_validators(),
        help_text=(
            "Lowest match probability matched without an officer. Raising it means "
            "fewer wrong automatic matches and more students left for review."
        ),
    )
    minimum_margin = models.FloatField(
        default=6.0,
        help_text=(
            "How many match-weight points (log2 of the odds) the best candidate must "
            "lead the runner-up by. Raising it sends more near-ties to review."
        ),
    )
    possible_match_threshold = models.FloatField(
        default=0.01,
        validators=_probability_validators(),
        help_text="Lowest match probability listed as a possible match.",
    )
    maximum_possible_matches = models.PositiveSmallIntegerField(default=10)

    class Meta:
        verbose_name_plural = "matching settings"

    def __str__(self):
        return "Matching settings"

    @classmethod
    def current(cls) -> "MatchingSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings
