"""One-to-one assignment of incoming records to register records.

Where each register record can be the true match of at most one incoming
record (a file lists each person once), two incoming records scored high
against one register record cannot both be right. The assignment takes the
scored pairs from the highest match weight down and keeps a pair only when
neither record is in a kept pair yet, so each record ends in at most one pair.
"""

from collections.abc import Mapping, Sequence

from .records import RecordId, ScoredCandidate


def one_to_one_assign(
    candidates: Mapping[RecordId, Sequence[ScoredCandidate]], *, minimum_probability: float
) -> dict[RecordId, RecordId]:
    """Return incoming id -> register id for the pairs the assignment keeps.

    Only pairs at or above minimum_probability take part. A higher minimum
    gives fewer wrong matches and more missed ones. Ties in match weight go
    to the lower incoming id, then the lower register id, so the result is stable.
    """
    pairs = [
        (candidate.match_weight, incoming_id, candidate.student_id)
        for incoming_id, scored in candidates.items()
        for candidate in scored
        if candidate.match_probability >= minimum_probability
    ]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))

    assigned: dict[RecordId, RecordId] = {}
    assigned_register_ids: set[RecordId] = set()
    for _, incoming_id, register_id in pairs:
        if incoming_id in assigned or register_id in assigned_register_ids:
            continue
        assigned[incoming_id] = register_id
        assigned_register_ids.add(register_id)
    return assigned
