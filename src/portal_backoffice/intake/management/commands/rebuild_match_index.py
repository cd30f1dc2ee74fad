"""manage.py rebuild_match_index: rebuild the matcher's copy of the register."""

from django.core.management.base import BaseCommand

from portal_backoffice.intake.services.match_index import match_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the match index from every linkable student in the register. "
        "Run it after loading students other than through the back office."
    )

    def handle(self, *args, **options):
        count = match_index_rebuild()
        self.stdout.write(f"Match index rebuilt with {count} students.")
