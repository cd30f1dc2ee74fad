"""Load a synthetic LA into the register tables, for end-to-end tests and timing."""

from portal_backoffice.register.models import (
    Base,
    BaseType,
    FormerSurname,
    FormerUpn,
    Person,
    Student,
    StudentCarer,
)
from portal_backoffice.synthetic.la import SyntheticLA


def synthetic_register_load(la: SyntheticLA) -> None:
    """Store the LA's bases, students and carers with the generator's ids."""
    types = {base_type.name: base_type for base_type in BaseType.objects.all()}
    bases = {
        base.laestab: Base(
            name=base.name,
            base_type=types[base.base_type],
            la_code=base.laestab[:3],
            establishment_number=base.establishment_number,
        )
        for base in la.bases.all()
    }
    Base.objects.bulk_create(bases.values())
    rows = {"people": [], "students": [], "links": [], "upns": [], "surnames": []}
    for household in la.households():
        _household_rows(household, bases, rows)

    Person.objects.bulk_create(rows["people"], batch_size=2000)
    Student.objects.bulk_create(rows["students"], batch_size=2000)
    FormerUpn.objects.bulk_create(rows["upns"], batch_size=2000)
    FormerSurname.objects.bulk_create(rows["surnames"], batch_size=2000)
    StudentCarer.objects.bulk_create(rows["links"], batch_size=2000)


def _household_rows(household, bases: dict[str, Base], rows: dict[str, list]) -> None:
    address = household.address
    where = {
        "address_line_1": address.line_1,
        "address_line_2": address.line_2,
        "town": address.town,
        "postcode": address.postcode,
    }
    for carer in household.carers:
        rows["people"].append(
            Person(
                pk=carer.person_id,
                title=carer.title,
                forename=carer.forename,
                middle_names=carer.middle_names,
                surname=carer.surname,
                date_of_birth=carer.date_of_birth,
                gender=carer.gender,
                ni_number=carer.ni_number or None,
                nass_number=carer.nass_number,
                phone=carer.phone,
                email=carer.email,
                **where,
            )
        )
    for student in household.students:
        rows["students"].append(
            Student(
                pk=student.student_id,
                legal_forename=student.legal_forename,
                middle_names=student.middle_names,
                legal_surname=student.legal_surname,
                preferred_forename=student.preferred_forename,
                preferred_surname=student.preferred_surname,
                date_of_birth=student.date_of_birth,
                gender=student.gender,
                upn=student.upn or None,
                base=bases.get(student.base_laestab),
                ncy=student.ncy,
                registration_group=student.registration_group,
                **where,
            )
        )
        rows["upns"] += [
            FormerUpn(student_id=student.student_id, upn=upn) for upn in student.former_upns
        ]
        rows["surnames"] += [
            FormerSurname(student_id=student.student_id, surname=surname)
            for surname in student.former_surnames
        ]
        rows["links"] += [
            StudentCarer(
                student_id=student.student_id,
                person_id=carer.person_id,
                relationship=carer.relationship,
                parental_responsibility=carer.parental_responsibility,
                priority=priority,
            )
            for priority, carer in enumerate(household.carers, start=1)
        ]
