"""Portal files for the synthetic LA, with the ground truth of every child in them.

Held children are drawn from the register and sent with the errors real
submissions carry. New children are not in the register: some are
unrelated, others a new twin or sibling of a held child. A small share of
records is invalid.
"""

import random
from datetime import UTC, datetime, time, timedelta

from .la import SyntheticLA
from .portal_sampler import Sampler, errors_apply
from .portal_types import (
    MODULE_PLANS,
    ChildTruth,
    DangerousPair,
    PortalBatch,
    PortalFile,
    Slot,
)
from .sampling import WeightedChoice

_NEW_KINDS = WeightedChoice(["new_unrelated", "new_sibling", "new_twin"], [0.6, 0.25, 0.15])
_MODULE_CHOICE = WeightedChoice(MODULE_PLANS, [plan.weight for plan in MODULE_PLANS])
_SOURCE_CODES = {"citizen_portal": "CP", "provider_portal": "PP"}


def portal_batch_generate(
    la: SyntheticLA,
    *,
    children: int,
    seed: int = 0,
    new_share: float = 0.10,
    invalid_share: float = 0.03,
    children_per_file: int = 250,
    csv_modules: tuple[str, ...] = ("HEADCOUNT",),
) -> PortalBatch:
    """Generate portal files holding the given number of children, with their ground truth.

    About half the children are sent clean, 38% with one error and 12% with
    two. new_share of them are not in the register, and invalid_share carry
    a value that makes the record invalid. Citizen portal files hold up to
    children_per_file children; provider files hold one base's children.
    Modules in csv_modules are written in the flat CSV format.
    """
    rng = random.Random(f"portal:{la.seed}:{seed}")  # noqa: S311 (reproducible test data)
    sampler = Sampler(la, rng)

    slots = []
    for number in range(children):
        plan = _MODULE_CHOICE(rng)
        if rng.random() < new_share:
            slot = sampler.new_child(plan, _NEW_KINDS(rng), number)
        else:
            slot = sampler.held_child(plan)
        errors_apply(rng, slot, sampler.error_context(slot), invalid_share=invalid_share)
        slots.append(slot)

    return _batch(
        slots, la, seed=seed, children_per_file=children_per_file, csv_modules=csv_modules
    )


def _batch(
    slots: list[Slot], la: SyntheticLA, *, seed: int, children_per_file: int, csv_modules
) -> PortalBatch:
    groups: dict[tuple[str, str, str], list[Slot]] = {}
    for slot in slots:
        key = (slot.plan.source, slot.plan.module, slot.base_laestab)
        groups.setdefault(key, []).append(slot)

    batch = PortalBatch(files=[], truth=[], dangerous_pairs=[])
    created = datetime.combine(la.reference_date, time(8, 0), tzinfo=UTC)
    for (source, module, laestab), members in sorted(groups.items()):
        for start in range(0, len(members), children_per_file):
            chunk = members[start : start + children_per_file]
            sequence = len(batch.files) + 1
            file_id = f"{module}-{_SOURCE_CODES[source]}{laestab}-S{seed}-{sequence:04d}"
            header = {
                "schema_version": "1.0",
                "file_id": file_id,
                "source": source,
                "module": module,
                "base": {"laestab": laestab} if laestab else {"portal_application_type": module},
                "created_at": (created + timedelta(minutes=7 * sequence))
                .isoformat()
                .replace("+00:00", "Z"),
            }
            file_format = "csv" if module in csv_modules else "json"
            batch.files.append(PortalFile(header, [slot.record for slot in chunk], file_format))
            _truth(batch, file_id, chunk)
    return batch


def _truth(batch: PortalBatch, file_id: str, chunk: list[Slot]) -> None:
    for record_number, slot in enumerate(chunk, start=1):
        batch.truth.append(
            ChildTruth(
                file_id, record_number, slot.student_id, slot.kind, slot.errors, slot.invalid
            )
        )
        for relation, student_id, person_id in slot.dangers:
            batch.dangerous_pairs.append(
                DangerousPair(file_id, record_number, relation, student_id, person_id)
            )
