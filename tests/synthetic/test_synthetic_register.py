"""The synthetic register: reproducible, realistic in shape, and invented throughout."""

import re
from collections import Counter

from synthetic_sizes import SEED, STUDENTS

from portal_backoffice.matching.identifiers import (
    is_temporary_upn,
    is_valid_ni_number,
    is_valid_upn,
    validate_nass_number,
)
from portal_backoffice.synthetic.calendar import age_on_31_august, ncy_for_age
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.register_output import register_arrow_tables, register_csv_write

_TEST_POSTCODE = re.compile(r"^ZZ[0-9]{1,2} [0-9][A-Z]{2}$")


def _students(households):
    return [student for household in households for student in household.students]


def test_same_seed_same_register():
    first = SyntheticLA(seed=5, students=500)
    second = SyntheticLA(seed=5, students=500)

    assert list(first.households()) == list(second.households())
    assert first.bases == second.bases


def test_different_seed_different_register():
    first = [h.students[0].legal_forename for h in SyntheticLA(seed=5, students=500).households()]
    second = [h.students[0].legal_forename for h in SyntheticLA(seed=6, students=500).households()]

    assert first != second


def test_register_has_exactly_the_students_asked_for(households):
    students = _students(households)

    assert len(students) == STUDENTS
    assert [student.student_id for student in students] == list(range(1, STUDENTS + 1))


def test_household_regenerates_alone(la, households):
    assert la.household(1234) == households[1234]
    assert la.student(777) == _students(households)[776]


def test_person_ids_are_unique_and_dense(la, households):
    person_ids = [carer.person_id for household in households for carer in household.carers]

    assert person_ids == list(range(1, la.person_count + 1))


def test_twins_share_birth_surname_and_address(households):
    twins = [
        (household, student)
        for household in households
        for student in household.students
        if student.twin_of is not None
    ]

    assert len(twins) >= 50
    for household, student in twins:
        other = household.students[student.twin_of]
        assert other.date_of_birth == student.date_of_birth
        assert other.legal_forename != student.legal_forename


def test_some_twins_have_similar_forenames(households):
    similar = 0
    for household in households:
        for student in household.students:
            if student.twin_of is None:
                continue
            other = household.students[student.twin_of].legal_forename
            if {other, student.legal_forename} in (
                {"Isla", "Ivy"},
                {"Ava", "Eva"},
                {"Leo", "Theo"},
                {"Ella", "Ellie"},
                {"Mia", "Maya"},
                {"Jack", "Jake"},
            ):
                similar += 1

    assert similar >= 1


def test_siblings_are_present(households):
    families = [household for household in households if len(household.students) >= 2]

    assert len(families) > len(households) // 3


def test_some_sons_share_a_fathers_forename(households):
    shared = [
        student
        for household in households
        for student in household.students
        for carer in household.carers
        if carer.relationship == "father" and carer.forename == student.legal_forename
    ]

    assert len(shared) >= 10


def test_names_are_skewed_common_to_rare(households):
    surnames = Counter(student.legal_surname for student in _students(households))
    counts = sorted(surnames.values(), reverse=True)

    assert counts[0] >= 100
    assert sum(1 for count in counts if count <= 2) >= 30


def test_upns_have_right_check_letters(households):
    students = _students(households)
    permanent = [student.upn for student in students if student.upn]
    temporary = [upn for student in students for upn in student.former_upns]

    assert len(permanent) > STUDENTS * 0.5
    assert all(is_valid_upn(upn) and not is_temporary_upn(upn) for upn in permanent)
    assert temporary
    assert all(is_temporary_upn(upn) for upn in temporary)
    assert {upn[1:4] for upn in permanent + temporary} == {"999"}
    assert len(set(permanent)) == len(permanent)


def test_most_under_fives_have_no_upn(la, households):
    under_fives = [
        student
        for student in _students(households)
        if age_on_31_august(student.date_of_birth, la.school_year) < 4
    ]

    assert sum(1 for student in under_fives if student.upn) < len(under_fives) * 0.2


def test_ncy_fits_date_of_birth(la, households):
    for student in _students(households):
        if student.ncy:
            age = age_on_31_august(student.date_of_birth, la.school_year)
            assert student.ncy == ncy_for_age(age)


def test_every_postcode_is_in_area_zz(households):
    postcodes = {
        period.address.postcode for household in households for period in household.addresses
    }

    assert all(_TEST_POSTCODE.match(postcode) for postcode in postcodes)


def test_carers_identifiers_are_well_formed(households):
    carers = [carer for household in households for carer in household.carers]
    ni_numbers = [carer.ni_number for carer in carers if carer.ni_number]
    nass_numbers = [carer.nass_number for carer in carers if carer.nass_number]

    assert len(ni_numbers) > len(carers) * 0.8
    assert all(is_valid_ni_number(value) for value in ni_numbers)
    assert len(set(ni_numbers)) == len(ni_numbers)
    assert nass_numbers
    assert all(validate_nass_number(value) is None for value in nass_numbers)


def test_histories_are_present(households):
    students = _students(households)

    assert sum(1 for student in students if student.sen) > STUDENTS * 0.05
    assert any(student.exclusions for student in students)
    assert any(student.looked_after for student in students)
    assert any(student.leaving_date for student in students)
    assert any(student.former_surnames for student in students)
    assert any(student.preferred_forename for student in students)
    assert any(len(household.addresses) > 1 for household in households)


def test_bases_use_la_999_and_four_digit_numbers(la):
    bases = la.bases.all()

    assert {base.base_type for base in bases} == {
        "Nursery",
        "Primary",
        "Secondary",
        "Special",
        "PVI",
        "Childminder",
    }
    assert all(re.fullmatch(r"999[0-9]{4}", base.laestab) for base in bases)
    assert len({base.laestab for base in bases}) == len(bases)


def test_csv_and_arrow_hold_the_same_rows(tmp_path):
    la = SyntheticLA(seed=SEED, students=400)

    counts = register_csv_write(la, tmp_path)
    tables = register_arrow_tables(la)

    assert {name: table.num_rows for name, table in tables.items()} == counts
    assert counts["students"] == 400
    assert (tmp_path / "students.csv").read_text().count("\n") == 401
    assert tables["students"].column("student_id").to_pylist() == list(range(1, 401))
