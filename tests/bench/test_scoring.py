"""The benchmark's scorer counts each outcome where the bars expect it."""

from bench.accuracy import IncomingTruth, accuracy_score, relatives_index

from portal_backoffice.matching.records import Decision, Outcome, ScoredCandidate


def _candidate(student_id: int, probability: float = 0.5) -> ScoredCandidate:
    return ScoredCandidate(student_id=student_id, match_probability=probability, match_weight=0.0)


def _automatic(student_id: int) -> Decision:
    return Decision(Outcome.AUTOMATIC_MATCH, student_id, (_candidate(student_id, 0.9999),), "")


def _review(*student_ids: int) -> Decision:
    candidates = tuple(_candidate(student_id) for student_id in student_ids)
    return Decision(Outcome.REVIEW, None, candidates, "below the automatic threshold")


def _score(truths, decisions, relatives=()):
    return accuracy_score(
        truths=truths, decisions=decisions, relatives=relatives_index(list(relatives))
    )


def test_right_automatic_match_counts_for_held():
    report = _score({1: IncomingTruth(10)}, {1: _automatic(10)})

    assert report.automatic_rate == 1.0
    assert report.wrong == []
    assert report.failures() == []


def test_wrong_match_of_twin_counts_as_dangerous():
    report = _score({1: IncomingTruth(10)}, {1: _automatic(11)}, relatives=[(1, 11, "twin")])

    assert len(report.wrong) == 1
    assert report.wrong[0].relation == "twin"
    assert report.dangerous_automatic["twin"] == 1
    assert report.automatic_rate == 0.0


def test_automatic_match_of_new_child_is_wrong():
    report = _score({1: IncomingTruth(None, kind="new_unrelated")}, {1: _automatic(12)})

    assert report.held == 0
    assert report.wrong[0].relation == "new child"
    assert report.wrong_per_10000 == 10_000


def test_top_five_counts_held_left_to_officer():
    truths = {
        1: IncomingTruth(10, ("typo_surname",)),
        2: IncomingTruth(20, ("typo_surname", "moved_house")),
        3: IncomingTruth(None, kind="new_unrelated"),
    }
    decisions = {
        1: _review(1, 2, 3, 4, 10),
        2: _review(1, 2, 3, 4, 5, 20),
        3: _review(7),
    }

    report = _score(truths, decisions)

    assert report.left_to_officer == 2
    assert report.top_five_found == 1
    assert report.top_five_missed[0].incoming_id == 2
    assert report.top_five_missed[0].true_rank == 6
    assert report.by_error_kind["typo_surname"].top_five_missed == 1
    assert report.by_error_kind["moved_house"].top_five_missed == 1
    assert report.by_error_kind["new_unrelated"].review == 1


def test_failures_name_each_missed_bar():
    truths = {number: IncomingTruth(number) for number in range(1, 101)}
    decisions = {number: _review(number) for number in range(1, 101)}

    failures = _score(truths, decisions).failures()

    assert failures == ["automatic-match rate 0.00% is below 92%"]
