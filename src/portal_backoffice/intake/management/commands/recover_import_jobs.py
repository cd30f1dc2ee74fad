"""manage.py recover_import_jobs: queue again the uploads whose worker process ended mid-import."""

from django.core.management.base import BaseCommand

from portal_backoffice.intake.tasks import import_jobs_recover


class Command(BaseCommand):
    help = (
        "Queue again every upload left 'running' by a worker process on this host that "
        "has ended. Run it before starting db_worker."
    )

    def handle(self, *args, **options):
        requeued = import_jobs_recover()
        self.stdout.write(f"Uploads queued again: {len(requeued)}")
