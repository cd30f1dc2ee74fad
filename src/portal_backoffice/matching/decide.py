"""Decide what happens to one incoming child: automatic match, review or no match.

A wrong automatic match attaches one child's application to another child,
so an automatic match needs a high probability, a clear lead over the
runner-up, and nothing that contradicts it outright. Each rule that can stop
one is a function returning the reason it stops it, or None.
"""

from collections.abc import Callable, Sequence

from . import normalise
from .records import ChildRecord, Decision, DecisionPolicy, Outcome, ScoredCandidate

Rule = Callable[[ChildRecord, ScoredCandidate, Sequence[ScoredCandidate]], str | None]


def _different_upns(incoming, best, others):
    if best.levels.get("upn") == "different":
        return "The two records have different permanent UPNs"
    return None


def _forenames_completely_different(incoming, best, others):
    if best.levels.get("forename") == "different":
        return "The forenames are completely different, as they are between twins or siblings"
    if best.levels.get("forename") == "carer_forename":
        return (
            "The forename is a carer's: a parent's details may be in the child's boxes, "
            "and brothers and sisters share that carer"
        )
    return None


def _names_swapped(incoming, best, others):
    if best.levels.get("name_order") == "swapped":
        return (
            "The forename and surname are swapped, so an officer must decide which order is right"
        )
    return None


def _no_date_of_birth(incoming, best, others):
    if normalise.normalise_date(incoming.date_of_birth) is None:
        return "The incoming record has no date of birth, or a placeholder date"
    return None


def _date_of_birth_not_exact(incoming, best, others):
    level = best.levels.get("date_of_birth")
    if level in ("exact", "null"):
        return None
    if best.levels.get("upn") == "exact":
        return None
    if level == "day_month_swapped" and _same_names_and_home(best):
        return None
    return "The dates of birth differ and no UPN confirms the match"


def _same_names_and_home(candidate: ScoredCandidate) -> bool:
    """Tell whether a candidate has exactly the incoming child's names and home.

    With these, a date of birth with day and month swapped (07/04 for 04/07)
    is a slip. Twins share the date itself, and two children of one home
    seldom share a full name. The import raises the date as a conflict for
    an officer to settle.
    """
    return (
        candidate.levels.get("forename") == "exact"
        and candidate.levels.get("surname") == "exact"
        and candidate.levels.get("household") == "same_home"
    )


def _gender_different(incoming, best, others):
    if best.levels.get("gender") == "different":
        return "The genders differ, as they can between twins or siblings"
    return None


# Forename levels, from the strongest agreement to the weakest.
_FORENAME_STRENGTH = {"exact": 5, "nickname": 4, "typo": 3, "middle_name": 2, "similar": 1}


def _is_twin_of_incoming(candidate: ScoredCandidate) -> bool:
    """Tell whether a candidate shares the incoming child's date of birth and family.

    A shared home counts as family, and so do a shared carer and surname: a
    twin who moved house still has the same carers. The surname alone does
    not count: twins may carry different surnames, and a surname can change.
    """
    same_home = candidate.levels.get("household") == "same_home"
    # Carers are compared by forename only, so a carer's forename counts as
    # family only with the surname: many unrelated Khans have a Mohammed.
    same_carers = candidate.levels.get("carers") in ("all_carers", "same_carer")
    same_surname = candidate.levels.get("surname") in ("exact", "spelling")
    family = same_home or (same_carers and same_surname)
    return family and candidate.levels.get("date_of_birth") == "exact"


def _told_apart_from_a_new_twin(best: ScoredCandidate) -> bool:
    """Tell whether more than home and birth date shows the candidate is this child.

    An equal UPN or equal middle names do, and so does an exact forename. A
    forename nobody in the register has, one typing error from the
    candidate's, is most likely a slip (Jyden for Jayden) rather than a twin's
    real name. A forename only similar is not: a twin's name with a slip in
    it (Olivai for Olivia, against Oliver) is also nobody's name.
    """
    forename = best.levels.get("forename")
    return (
        best.levels.get("upn") == "exact"
        or best.levels.get("middle_names") == "exact"
        or forename == "exact"
        or (forename == "typo" and not best.incoming_forename_in_register)
    )


def _possible_new_twin(incoming, best, others):
    """Stop a match to a child of the same family and birth date that nothing else confirms.

    A new twin with a similar name (Oliver and Olivia, Aisha and Ayesha)
    would otherwise be matched to the twin the register holds.
    """
    if _is_twin_of_incoming(best) and not _told_apart_from_a_new_twin(best):
        return (
            "Twin guard: the forename is not exactly the same, and a twin in this "
            "family would share the date of birth"
        )
    return None


def _agrees_more_than(best: ScoredCandidate, twin: ScoredCandidate) -> bool:
    """Tell whether the best candidate's names agree clearly better than a twin's."""
    if best.levels.get("middle_names") == "exact" and twin.levels.get("middle_names") != "exact":
        return True
    best_strength = _FORENAME_STRENGTH.get(best.levels.get("forename", ""), 0)
    twin_strength = _FORENAME_STRENGTH.get(twin.levels.get("forename", ""), 0)
    return best_strength >= _FORENAME_STRENGTH["typo"] and twin_strength <= 1


def _twin_guard(incoming, best, others):
    """Stop unless the names tell the best candidate apart from a twin in the same family."""
    twins = [candidate for candidate in others if _is_twin_of_incoming(candidate)]
    if not twins or best.levels.get("upn") == "exact":
        return None
    if all(_agrees_more_than(best, twin) for twin in twins):
        return None
    return "Twin guard: another child in this family shares the date of birth"


RULES: tuple[Rule, ...] = (
    _different_upns,
    _forenames_completely_different,
    _names_swapped,
    _no_date_of_birth,
    _date_of_birth_not_exact,
    _gender_different,
    _possible_new_twin,
    _twin_guard,
)


def _automatic_match_blocker(
    incoming: ChildRecord, ranked: Sequence[ScoredCandidate], policy: DecisionPolicy
) -> str | None:
    """Return why the best candidate cannot be matched automatically, or None if it can."""
    best, others = ranked[0], ranked[1:]
    if best.match_probability < policy.automatic_match_threshold:
        return (
            f"The best match probability, {best.match_probability:.4f}, is below the "
            f"automatic match threshold of {policy.automatic_match_threshold}"
        )
    lead = best.match_weight - others[0].match_weight if others else float("inf")
    if lead < policy.minimum_margin:
        return (
            f"The best candidate leads the runner-up by {lead:.1f} "
            f"match weight, less than the minimum margin of {policy.minimum_margin}"
        )
    for rule in RULES:
        reason = rule(incoming, best, others)
        if reason:
            return reason
    return None


def decide(
    incoming: ChildRecord, candidates: Sequence[ScoredCandidate], policy: DecisionPolicy
) -> Decision:
    """Decide one incoming child's outcome from its scored candidates.

    Automatic match: the best candidate passes every test above. Review: some
    candidates reach the possible-match threshold (at most the policy's
    maximum are kept). No match: none do.
    """
    ranked = sorted(
        candidates, key=lambda candidate: (-candidate.match_weight, candidate.student_id)
    )
    possible = tuple(
        candidate
        for candidate in ranked
        if candidate.match_probability >= policy.possible_match_threshold
    )[: policy.maximum_possible_matches]
    if not ranked or not possible:
        return Decision(Outcome.NO_MATCH, None, (), "No register student is a possible match")

    blocker = _automatic_match_blocker(incoming, ranked, policy)
    if blocker is None:
        best = ranked[0]
        reason = (
            f"Matched automatically: match probability {best.match_probability:.6f}, "
            "clear of the runner-up and with nothing contradicting it"
        )
        return Decision(Outcome.AUTOMATIC_MATCH, best.student_id, possible, reason)
    return Decision(Outcome.REVIEW, None, possible, blocker)
