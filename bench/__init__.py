"""Matching benchmarks: accuracy on FEBRL4 and on a synthetic LA, speed and memory.

Run them with `make bench` or `python -m bench.run`; the figures go to
docs/benchmarks.md.
"""
