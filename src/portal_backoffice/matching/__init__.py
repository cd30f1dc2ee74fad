"""The matching engine: normalise, compare, score, decide, explain.

A plain Python package over Splink and DuckDB. It never imports Django, so it
can be tested, benchmarked and run on its own.
"""
