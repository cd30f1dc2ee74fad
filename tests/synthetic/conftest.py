"""A small synthetic LA and portal batch, generated once for the generator's tests."""

import pytest
from synthetic_sizes import INCOMING, SEED, STUDENTS

from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate


@pytest.fixture(scope="session")
def la() -> SyntheticLA:
    return SyntheticLA(seed=SEED, students=STUDENTS)


@pytest.fixture(scope="session")
def households(la):
    return list(la.households())


@pytest.fixture(scope="session")
def batch(la):
    return portal_batch_generate(la, children=INCOMING, seed=SEED)
