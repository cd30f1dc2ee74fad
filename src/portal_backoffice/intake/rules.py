"""Resolve the data processing rule that applies to a data group for a base."""

from dataclasses import dataclass

from .models import DataProcessingRule
from .models.choices import DataGroup, RuleAction
from .models.conflicts import DEFAULT_RULE_ACTIONS


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every data processing rule, read once so that a whole import uses one query.

    A rule set for the base wins, then the rule row without a base, then the
    built-in default for the data group.
    """

    by_base: dict[tuple[str, int], str]
    by_group: dict[str, str]

    @classmethod
    def load(cls) -> "RuleBook":
        by_base = {}
        by_group = {}
        for data_group, base_id, action in DataProcessingRule.objects.values_list(
            "data_group", "base_id", "action"
        ):
            if base_id is None:
                by_group[data_group] = action
            else:
                by_base[(data_group, base_id)] = action
        return cls(by_base=by_base, by_group=by_group)

    def action_for(self, *, data_group: DataGroup, base_id: int | None) -> RuleAction:
        if base_id is not None and (data_group, base_id) in self.by_base:
            return RuleAction(self.by_base[(data_group, base_id)])
        if data_group in self.by_group:
            return RuleAction(self.by_group[data_group])
        return DEFAULT_RULE_ACTIONS[data_group]


def data_processing_rule_action(*, data_group: DataGroup, base_id: int | None) -> RuleAction:
    """Return the action for one data group and base, reading the rules afresh."""
    return RuleBook.load().action_for(data_group=data_group, base_id=base_id)
