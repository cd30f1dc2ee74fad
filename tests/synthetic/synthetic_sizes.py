"""The size of the synthetic LA the generator's tests share."""

SEED = 20261204
STUDENTS = 20_000
INCOMING = 4_000
