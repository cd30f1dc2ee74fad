"""Turn synthetic students into portal submission records, in the JSON file shape.

Dates are ISO text here; the CSV writer turns them into UK dates.
"""

import random
from datetime import date, timedelta

from .calendar import random_date_between
from .model import Household, SyntheticCarer, SyntheticStudent

_EY_AREAS = ["CL", "PSED", "PD", "L", "M", "UW", "EAD"]
_TWO_YEAR_OLD_BASES = (["ECO", "HSD", "LAA"], [0.8, 0.12, 0.08])


def child_record(
    rng: random.Random,
    student: SyntheticStudent,
    household: Household,
    *,
    source: str,
    module: str,
    reference_date: date,
) -> tuple[dict, bool]:
    """Return the record a portal would send for a student, and whether it carries the UPN."""
    address = household.address
    provider = source == "provider_portal"
    include_upn = bool(student.upn) and rng.random() < (0.9 if provider else 0.6)
    record = {
        "forename": student.legal_forename,
        "middle_names": student.middle_names if rng.random() < 0.6 else "",
        "surname": student.legal_surname,
        "date_of_birth": student.date_of_birth.isoformat(),
        "gender": student.gender,
        "upn": student.upn if include_upn else "",
        "address_line_1": address.line_1,
        "address_line_2": address.line_2,
        "town": address.town,
        "postcode": address.postcode,
    }
    if provider:
        record["ncy"] = student.ncy
        record["registration_group"] = student.registration_group
        if student.sen:
            latest = student.sen[0]
            record["sen"] = [
                {
                    "provision": latest.provision,
                    "need_type": latest.need_type,
                    "start_date": latest.start_date.isoformat(),
                    "end_date": "",
                }
            ]
    carers = household.carers if provider or rng.random() < 0.5 else household.carers[:1]
    record["carers"] = [
        carer_record(carer, household, with_identity=not provider) for carer in carers
    ]
    record["module_data"] = module_data(rng, module, student, reference_date=reference_date)
    return record, include_upn


def carer_record(carer: SyntheticCarer, household: Household, *, with_identity: bool) -> dict:
    """Build a carer as a portal sends one.

    Only the citizen portal collects a carer's date of birth and NI number.
    """
    address = household.address
    return {
        "title": carer.title,
        "forename": carer.forename,
        "surname": carer.surname,
        "date_of_birth": carer.date_of_birth.isoformat() if with_identity else "",
        "gender": carer.gender,
        "ni_number": carer.ni_number if with_identity else "",
        "nass_number": carer.nass_number if with_identity else "",
        "address_line_1": address.line_1,
        "town": address.town,
        "postcode": address.postcode,
        "phone": carer.phone,
        "email": carer.email,
        "relationship": carer.relationship,
        "parental_responsibility": "yes" if carer.parental_responsibility else "no",
    }


def module_data(
    rng: random.Random, module: str, student: SyntheticStudent, *, reference_date: date
) -> dict:
    if module == "FSM":
        return {"eligibility_check_reference": f"ECS{rng.randint(10_000_000, 99_999_999)}"}
    if module == "2YO":
        codes, weights = _TWO_YEAR_OLD_BASES
        return {"basis": [rng.choices(codes, weights)[0]]}
    if module == "TRANSPORT":
        return {
            "school_laestab": student.base_laestab,
            "distance_miles": f"{rng.uniform(2.0, 9.0):.1f}",
        }
    if module == "HEADCOUNT":
        funded = rng.choice(["15", "15", "30"])
        data = {"funded_hours": funded, "hours_at_setting": str(int(funded) + rng.randint(0, 15))}
        if funded == "30":
            data["eligibility_code"] = f"500{rng.randint(0, 99_999_999):08d}"
        return data
    assessed = random_date_between(rng, reference_date - timedelta(days=60), reference_date)
    return {
        "assessment_date": assessed.isoformat(),
        "items": [
            {"area": area, "outcome": rng.choice(["emerging", "expected", "expected"])}
            for area in _EY_AREAS
        ],
    }
