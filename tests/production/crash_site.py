"""Fill the database that DATABASE_URL names for the worker crash test, and queue its upload.

    python tests/production/crash_site.py CHILDREN

Run by test_import_worker_crash.py in a process of its own, with the same
environment as the db_worker processes it starts, so that all of them use
one database: a SQLite file, or the PostgreSQL test database. It migrates
the database, loads a synthetic register, writes one file of CHILDREN
synthetic children, queues it as an upload and prints a JSON line with the
job id, the file ID and the number of children.
"""

import importlib
import json
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS_DIR), str(TESTS_DIR / "intake")]

# Students in the synthetic register: enough for every module's children.
REGISTER_STUDENTS = 6000


def main() -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    from portal_backoffice.synthetic import SyntheticLA

    call_command("migrate", verbosity=0)
    # A transactional test before this one may have flushed the rows that
    # the migrations create.
    migration = importlib.import_module(
        "portal_backoffice.register.migrations.0002_base_types_and_portal_bases"
    )
    migration.base_types_and_portal_bases_create(apps, None)

    from synthetic_register import synthetic_register_load

    la = SyntheticLA(seed=11, students=REGISTER_STUDENTS)
    synthetic_register_load(la)
    children = int(sys.argv[1])
    header, records = _upload(la, children)
    job = _job_queue(header, records)
    print(json.dumps({"job_id": job.pk, "file_id": header["file_id"], "children": len(records)}))


def _upload(la, count: int) -> tuple[dict, list[dict]]:
    """Return one file's header and count children, gathered from the generator's FSM files."""
    from portal_backoffice.synthetic import portal_batch_generate

    header = None
    records: list[dict] = []
    for seed in range(1, 40):
        batch = portal_batch_generate(la, children=1000, seed=seed, children_per_file=1000)
        for portal_file in batch.files:
            if portal_file.header["module"] == "FSM":
                header = header or {**portal_file.header, "file_id": "FSM-CRASH-TEST"}
                records += portal_file.children
        if len(records) >= count:
            return header, records[:count]
    raise RuntimeError(f"The generator gave fewer than {count} FSM children")


def _job_queue(header: dict, records: list[dict]):
    from django.contrib.auth import get_user_model

    from portal_backoffice.intake.tasks import import_job_create

    officer = get_user_model().objects.create_user("crash.test.officer")
    content = json.dumps({"header": header, "children": records}).encode()
    return import_job_create(content=content, name="FSM-CRASH-TEST.json", uploaded_by=officer)


if __name__ == "__main__":
    main()
