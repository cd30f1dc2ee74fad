"""End to end: the generator's portal files against its register, scored by the ground truth."""

import pytest
from synthetic_register import synthetic_register_load

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate
from portal_backoffice.synthetic.portal_output import portal_file_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def batch():
    la = SyntheticLA(seed=3, students=3000)
    return la, portal_batch_generate(la, children=300, seed=1, new_share=0.2)


@pytest.fixture
def imported(batch, import_file):
    la, portal_batch = batch
    synthetic_register_load(la)
    for portal_file in portal_batch.files:
        import_file(portal_file_bytes(portal_file), name=portal_file.name)
    return portal_batch


def incoming_by_truth(truth) -> IncomingStudent:
    return IncomingStudent.objects.get(
        incoming_file__file_id=truth.file_id, record_number=truth.record_number
    )


def test_automatic_matches_right_and_safe(imported):
    automatic = IncomingStudent.objects.filter(match_method=MatchMethod.AUTOMATIC)
    truth = {(t.file_id, t.record_number): t.student_id for t in imported.truth}

    wrong = [
        incoming.pk
        for incoming in automatic.select_related("incoming_file")
        if truth[(incoming.incoming_file.file_id, incoming.record_number)]
        != incoming.matched_student_id
    ]

    assert automatic.count() > len(imported.truth) // 2
    assert wrong == []
    for pair in imported.dangerous_pairs:
        incoming = incoming_by_truth(pair)
        if pair.student_id is not None:
            assert not (
                incoming.match_method == MatchMethod.AUTOMATIC
                and incoming.matched_student_id == pair.student_id
            ), f"{pair.relation} pair matched: {pair.file_id} record {pair.record_number}"


def test_every_child_stored_and_invalid_kept(imported):
    assert IncomingStudent.objects.count() == len(imported.truth)
    for truth in imported.truth:
        if truth.invalid:
            assert incoming_by_truth(truth).state == State.INVALID
