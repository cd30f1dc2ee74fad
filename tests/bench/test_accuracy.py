"""The matcher meets the product's accuracy bars on a fixed synthetic LA.

20,000 register students and 2,000 incoming children from the seeded
generator, read from their portal files and matched through the engine with
the default policy. At this size a single wrong automatic match already
exceeds 1 per 10,000 incoming.
"""

import pytest
from bench.accuracy import AccuracyReport, accuracy_score
from bench.synthetic import IncomingBatch, incoming_batch, portal_files_read, synthetic_batch

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import DecisionPolicy

STUDENTS = 20_000
INCOMING = 2_000
SEED = 2026


@pytest.fixture(scope="module")
def batch() -> IncomingBatch:
    generated = synthetic_batch(students=STUDENTS, batch=INCOMING, seed=SEED)
    batch = incoming_batch(portal_files_read(generated.files), generated)
    batch.register = generated.register
    return batch


@pytest.fixture(scope="module")
def report(batch) -> AccuracyReport:
    index = MatchIndex(None)
    index.replace_all(batch.register)

    candidates = index.link(batch.children)
    policy = DecisionPolicy()
    decisions = {
        child.record_id: decide(child, candidates.get(child.record_id, []), policy)
        for child in batch.children
    }

    return accuracy_score(truths=batch.truths, decisions=decisions, relatives=batch.relatives)


def _cases(cases) -> str:
    return "; ".join(
        f"incoming {case.incoming_id} ({case.error_kind}, {case.relation or case.reason})"
        for case in cases[:10]
    )


@pytest.mark.slow
def test_no_wrong_automatic_match(report):
    assert report.wrong == [], _cases(report.wrong)


@pytest.mark.slow
def test_no_relative_matched_automatically(report):
    assert report.dangerous_total == 0, dict(report.dangerous_automatic)


@pytest.mark.slow
def test_automatic_rate_for_held_children(report):
    assert report.automatic_rate >= 0.92, (
        f"{report.automatic_rate:.2%} of {report.held} held children matched automatically; "
        f"the others because: {dict(report.held_not_automatic_reasons)}"
    )


@pytest.mark.slow
def test_right_student_in_first_five(report):
    assert report.top_five_rate >= 0.995, (
        f"{report.top_five_rate:.2%} of {report.left_to_officer} held children left to an "
        f"officer have the right student in the first five; missed: "
        f"{_cases(report.top_five_missed)}"
    )


@pytest.mark.slow
def test_batch_holds_every_case(batch, report):
    # Without held, new and related children the bars above would prove nothing.
    assert report.incoming > INCOMING * 0.9
    assert report.held > INCOMING // 2
    assert report.incoming > report.held
    assert report.left_to_officer > 0
    assert len(batch.relatives) > 0
