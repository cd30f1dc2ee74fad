"""Synthetic portal files: known errors, ground truth and dangerous pairs."""

import random
from collections import Counter

from synthetic_sizes import INCOMING, STUDENTS

from portal_backoffice.intake.formats import read_portal_file
from portal_backoffice.synthetic.errors import INVALIDATING_ERRORS, MATCHABLE_ERRORS
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate
from portal_backoffice.synthetic.portal_output import portal_batch_write, portal_file_bytes
from portal_backoffice.synthetic.students import twin_forename


def test_same_seed_same_batch():
    la = SyntheticLA(seed=3, students=2_000)

    first = portal_batch_generate(la, children=300, seed=9)
    second = portal_batch_generate(la, children=300, seed=9)

    assert [portal_file_bytes(f) for f in first.files] == [
        portal_file_bytes(f) for f in second.files
    ]
    assert first.truth_document() == second.truth_document()


def test_truth_covers_every_child(batch):
    places = [(f.header["file_id"], n) for f in batch.files for n in range(1, len(f.children) + 1)]

    assert len(batch.truth) == INCOMING
    assert [(item.file_id, item.record_number) for item in batch.truth] == places


def test_held_children_point_at_register_students(batch):
    held = [item for item in batch.truth if item.kind == "held"]

    assert all(1 <= item.student_id <= STUDENTS for item in held)
    assert len({item.student_id for item in held}) == len(held)


def test_new_children_have_no_student(batch):
    kinds = Counter(item.kind for item in batch.truth)

    assert set(kinds) == {"held", "new_unrelated", "new_sibling", "new_twin"}
    assert 0.07 < (INCOMING - kinds["held"]) / INCOMING < 0.13
    assert all(item.student_id is None for item in batch.truth if item.kind != "held")


def test_every_error_kind_is_produced(batch):
    matchable = Counter(kind for item in batch.truth for kind in item.errors)
    invalid = Counter(kind for item in batch.truth for kind in item.invalid)

    assert set(matchable) == set(MATCHABLE_ERRORS)
    assert set(invalid) == set(INVALIDATING_ERRORS)


def test_error_shares(batch):
    held = [item for item in batch.truth if item.kind == "held"]
    clean = sum(1 for item in held if not item.errors and not item.invalid)
    invalid = sum(1 for item in batch.truth if item.invalid)

    assert 0.45 < clean / len(held) < 0.55
    assert 0.02 < invalid / INCOMING < 0.04


def test_new_twins_are_dangerous_with_the_held_twin(la, batch):
    twins = [item for item in batch.truth if item.kind == "new_twin"]
    pairs = {(p.file_id, p.record_number): p for p in batch.dangerous_pairs if p.relation == "twin"}

    assert twins
    for item in twins:
        pair = pairs[(item.file_id, item.record_number)]
        record = _record(batch, item)
        if not item.errors and not item.invalid:
            assert la.student(pair.student_id).date_of_birth.isoformat() == record["date_of_birth"]


def test_dangerous_pairs_include_register_siblings(la, batch):
    relations = Counter(pair.relation for pair in batch.dangerous_pairs)

    assert relations["sibling"] > 0
    assert relations["twin"] > 0
    assert relations["parent"] > 0
    for pair in batch.dangerous_pairs[:200]:
        if pair.student_id is not None:
            truth = _truth(batch, pair.file_id, pair.record_number)
            assert pair.student_id != truth.student_id


def test_files_read_back_with_the_recorded_validity(tmp_path, batch):
    paths = portal_batch_write(batch, tmp_path)
    truth = {(item.file_id, item.record_number): item for item in batch.truth}
    disagreements = []

    for path in paths:
        parsed = read_portal_file(path.read_bytes(), path.name)
        for child in parsed.children:
            item = truth[(parsed.header.file_id, child.record_number)]
            if bool(item.invalid) == child.is_valid:
                disagreements.append((item, child.errors))

    assert disagreements == []
    assert {path.suffix for path in paths} == {".json", ".csv"}
    assert (tmp_path / "truth.json").is_file()


def test_citizen_files_use_portal_bases(batch):
    for portal_file in batch.files:
        header = portal_file.header
        if header["source"] == "citizen_portal":
            assert header["base"] == {"portal_application_type": header["module"]}
        else:
            assert set(header["base"]) == {"laestab"}


def test_portal_postcodes_are_in_area_zz(batch):
    for portal_file, item in _records_with_truth(batch):
        if "malformed_postcode" not in item.invalid:
            assert portal_file["postcode"].startswith("ZZ")


def _truth(batch, file_id, record_number):
    return next(
        item
        for item in batch.truth
        if (item.file_id, item.record_number) == (file_id, record_number)
    )


def _record(batch, item):
    portal_file = next(f for f in batch.files if f.header["file_id"] == item.file_id)
    return portal_file.children[item.record_number - 1]


def _records_with_truth(batch):
    truth = iter(batch.truth)
    for portal_file in batch.files:
        for record in portal_file.children:
            yield record, next(truth)


def test_new_twin_forename_unique_in_family(la, batch):
    twins = [item for item in batch.truth if item.kind == "new_twin" and not item.errors]
    pairs = {(p.file_id, p.record_number): p for p in batch.dangerous_pairs if p.relation == "twin"}

    assert twins
    for item in twins:
        held = la.student(pairs[(item.file_id, item.record_number)].student_id)
        family = la.household(la.household_index_of(held.student_id)).students
        forename = _record(batch, item)["forename"]
        assert forename != held.legal_forename
        assert forename not in {student.legal_forename for student in family}


class _ThreeNames:
    """An origin whose every forename is Ada, Bea or Cat."""

    @staticmethod
    def girls(rng):
        return rng.choice(["Ada", "Bea", "Cat"])

    boys = girls


def test_twin_forename_avoids_other_children():
    names = {
        twin_forename(random.Random(seed), _ThreeNames, "F", "Ada", ["Bea"]) for seed in range(50)
    }

    assert names == {"Cat"}
