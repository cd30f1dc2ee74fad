"""Plain-English reasons for each comparison's level and match weight.

Reasons are stored with a possible match and shown to officers. They name
no values, so they are also safe to put in a log.
"""

from .records import FieldReason

FIELD_NAMES = {
    "forename": "Forename",
    "middle_names": "Middle names",
    "surname": "Surname",
    "name_order": "Name order",
    "date_of_birth": "Date of birth",
    "gender": "Gender",
    "household": "Address",
    "upn": "UPN",
    "carers": "Carers",
    "base": "Nursery or school",
}

_MISSING = "not compared because one of the records does not have it"

LEVEL_REASONS = {
    ("forename", "exact"): "the same",
    ("forename", "nickname"): "the same name once short forms and spellings are allowed for",
    ("forename", "typo"): "nearly the same, as with a typing error",
    (
        "forename",
        "middle_name",
    ): "one record's forename is among the other's forenames or middle names",
    ("forename", "similar"): "similar but not the same",
    ("forename", "carer_forename"): "one record's forename is a carer's, as when a parent's "
    "forename is typed in the child's box",
    ("forename", "different"): "completely different, as between twins or siblings",
    ("middle_names", "exact"): "the same",
    ("middle_names", "part"): "one middle name is the same",
    ("middle_names", "different"): "different",
    ("surname", "exact"): "the same",
    ("surname", "spelling"): "the same surname in another spelling",
    ("surname", "former_surname"): "one record's surname is the other's former surname",
    ("surname", "typo"): "nearly the same, as with a typing error",
    ("surname", "part"): "one part of a double-barrelled or multi-part surname is the same",
    ("surname", "similar"): "similar but not the same",
    ("surname", "different"): "different",
    ("name_order", "swapped"): "forename and surname are swapped between the records",
    ("name_order", "same_order"): "forename and surname are in the same order",
    ("date_of_birth", "exact"): "the same",
    ("date_of_birth", "day_month_swapped"): "the day and month are swapped",
    ("date_of_birth", "one_part_different"): "the day, month or year differs, the rest is the same",
    ("date_of_birth", "within_a_year"): "different, but less than a year apart",
    ("date_of_birth", "a_generation_apart"): "a generation apart, as when a parent's date is given",
    ("date_of_birth", "different"): "different by more than a year",
    ("gender", "same"): "the same",
    ("gender", "different"): "different",
    ("household", "same_home"): "the same postcode and first line of address",
    ("household", "postcode"): "the same postcode but a different first line of address",
    ("household", "sector"): "the same postcode sector",
    ("household", "district"): "the same postcode district",
    ("household", "different"): "in different postcode districts",
    ("upn", "exact"): "the same permanent UPN",
    ("upn", "former_upn"): "one record's UPN is the other's former UPN",
    ("upn", "different"): "two different permanent UPNs",
    ("carers", "same_postcode"): "not compared, as the postcode already counts for the family",
    ("carers", "all_carers"): "two or more carers have the same forenames on both records",
    ("carers", "same_carer"): "a carer has the same forename on both records",
    ("carers", "different"): "no carer has the same forename on both records",
    ("base", "same"): "the nursery or school that sent the file is the student's",
    ("base", "different"): "the nursery or school that sent the file is not the student's",
}


def level_reason(comparison: str, level: str) -> str:
    """Describe one comparison's level as a sentence fragment."""
    if level == "null":
        return _MISSING
    return LEVEL_REASONS.get((comparison, level), level.replace("_", " "))


def weight_phrase(match_weight: float) -> str:
    """Describe a match weight's direction and size in words."""
    if match_weight >= 8:
        return "strong evidence of the same child"
    if match_weight >= 2:
        return "evidence of the same child"
    if match_weight > -2:
        return "little evidence either way"
    if match_weight > -8:
        return "evidence of different children"
    return "strong evidence of different children"


def field_reasons(levels: dict[str, str], weights: dict[str, float]) -> tuple[FieldReason, ...]:
    """Explain each comparison: its level, its match weight and a sentence for officers."""
    reasons = []
    for comparison, level in levels.items():
        weight = round(weights.get(comparison, 0.0), 2)
        field_name = FIELD_NAMES.get(comparison, comparison)
        text = f"{field_name}: {level_reason(comparison, level)}"
        if level != "null":
            text += f" ({weight_phrase(weight)}, weight {weight:+.1f})"
        reasons.append(FieldReason(field=comparison, level=level, match_weight=weight, reason=text))
    return tuple(reasons)
