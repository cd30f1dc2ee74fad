"""Exit 0 when a PostgreSQL server accepts connections on 127.0.0.1:5432, else 1."""

import os
import sys

import psycopg

url = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
try:
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
        pass
except psycopg.OperationalError as error:
    print(f"PostgreSQL is not reachable: {error}".strip(), file=sys.stderr)
    sys.exit(1)
