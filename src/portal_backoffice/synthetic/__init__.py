"""A reproducible synthetic local authority: register, portal files and ground truth.

Plain Python with no Django, so the benchmarks and the matcher's tests can
use it directly. Every person, address and identifier is invented: postcodes
use the unallocated area ZZ and UPNs the unallocated LA code 999.

    la = SyntheticLA(seed=1, students=100_000)
    register_csv_write(la, Path("out/register"))     # or register_arrow_tables(la)
    batch = portal_batch_generate(la, children=10_000, seed=1)
    portal_batch_write(batch, Path("out/portal"), truth_path=Path("out/truth.json"))
"""

from .la import SyntheticLA
from .portal import portal_batch_generate
from .portal_output import portal_batch_write, portal_file_bytes
from .portal_types import ChildTruth, DangerousPair, PortalBatch, PortalFile
from .register_output import (
    register_arrow_batches,
    register_arrow_tables,
    register_csv_write,
)

__all__ = [
    "ChildTruth",
    "DangerousPair",
    "PortalBatch",
    "PortalFile",
    "SyntheticLA",
    "portal_batch_generate",
    "portal_batch_write",
    "portal_file_bytes",
    "register_arrow_batches",
    "register_arrow_tables",
    "register_csv_write",
]
