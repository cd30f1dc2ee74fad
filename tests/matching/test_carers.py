"""Carer matching: never on name, gender and relationship alone."""

from datetime import date

from portal_backoffice.matching.carers import carer_match
from portal_backoffice.matching.records import CarerRecord

INCOMING = CarerRecord(
    record_id=0,
    forename="Rowena",
    surname="Tallis",
    gender="F",
    relationship="mother",
    address_line_1="4 Heron Row",
    postcode="ZZ4 2AB",
)


def person(record_id, **changes):
    values = {"forename": "Rowena", "surname": "Tallis", "gender": "F", "relationship": "mother"}
    return CarerRecord(record_id=record_id, **{**values, **changes})


def test_name_gender_relationship_alone_never_match():
    result = carer_match(INCOMING, [person(5)])

    assert result.person_id is None
    assert (
        result.reason == "No person agrees on the name and on a second detail, or on the NI number"
    )


def test_name_and_home_match():
    result = carer_match(INCOMING, [person(5, address_line_1="4 Heron Row", postcode="zz42ab")])

    assert result.person_id == 5
    assert result.reason == "Matched on name, address"


def test_name_and_phone_match():
    incoming = CarerRecord(
        record_id=0, forename="Rowena", surname="Tallis", phone="+44 7700 900123"
    )

    assert carer_match(incoming, [person(5, phone="07700900123")]).person_id == 5


def test_name_and_email_match():
    incoming = CarerRecord(
        record_id=0, forename="ROWENA", surname="TALLIS", email="R.Tallis@example.org "
    )

    assert carer_match(incoming, [person(5, email="r.tallis@example.org")]).person_id == 5


def test_name_and_date_of_birth_match():
    incoming = CarerRecord(
        record_id=0, forename="Rowena", surname="Tallis", date_of_birth=date(1988, 3, 1)
    )

    assert carer_match(incoming, [person(5, date_of_birth=date(1988, 3, 1))]).person_id == 5


def test_equal_ni_number_matches_despite_name_change():
    incoming = CarerRecord(
        record_id=0, forename="Rowena", surname="Brisk", ni_number="HT 52 08 17 A"
    )

    assert carer_match(incoming, [person(5, ni_number="HT520817A")]).person_id == 5


def test_ni_number_against_other_birth_date():
    incoming = CarerRecord(
        record_id=0,
        forename="Rowena",
        surname="Tallis",
        ni_number="HT520817A",
        date_of_birth=date(1988, 3, 1),
    )
    held = person(5, ni_number="HT520817A", date_of_birth=date(1961, 9, 9))

    assert carer_match(incoming, [held]).person_id is None


def test_different_ni_numbers_never_match():
    incoming = CarerRecord(
        record_id=0, forename="Rowena", surname="Tallis", ni_number="HT520817A", phone="07700900123"
    )
    held = person(5, ni_number="WP903364D", phone="07700900123")

    assert carer_match(incoming, [held]).person_id is None


def test_placeholder_ni_numbers_are_not_agreement():
    incoming = CarerRecord(record_id=0, forename="Rowena", surname="Tallis", ni_number="N/A")

    assert carer_match(incoming, [person(5, ni_number="N/A")]).person_id is None


def test_two_equally_good_people_no_match():
    home = {"address_line_1": "4 Heron Row", "postcode": "ZZ4 2AB"}
    result = carer_match(INCOMING, [person(5, **home), person(6, **home)])

    assert result.person_id is None
    assert result.reason == "Two people fit the incoming carer equally well"


def test_stronger_evidence_wins():
    home = {"address_line_1": "4 Heron Row", "postcode": "ZZ4 2AB"}
    incoming = CarerRecord(
        record_id=0, forename="Rowena", surname="Tallis", phone="07700900123", **home
    )

    result = carer_match(incoming, [person(5, **home), person(6, phone="07700 900123", **home)])

    assert result.person_id == 6


def test_other_family_at_same_address_not_matched():
    result = carer_match(
        INCOMING,
        [
            person(
                5, forename="Gideon", gender="M", address_line_1="4 Heron Row", postcode="ZZ4 2AB"
            )
        ],
    )

    assert result.person_id is None
