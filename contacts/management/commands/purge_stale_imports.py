"""Delete the contact and directory imports left unconfirmed for over a day.

    python manage.py purge_stale_imports

An upload waits in the database between its preview and its confirmation;
one never confirmed holds a student's contacts (or the directory's people)
for no purpose. Starting a new upload already clears its owner's stale ones;
this clears everyone's, run daily from cron.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from contacts.models import DirectoryImport, ImportBatch
from contacts.transfer import STALE_AFTER


class Command(BaseCommand):
    help = "Delete contact and directory imports left unconfirmed for over a day."

    def handle(self, *args, **options):
        cutoff = timezone.now() - STALE_AFTER
        batches, _ = ImportBatch.objects.filter(created_at__lt=cutoff).delete()
        directory, _ = DirectoryImport.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(
            f"purge_stale_imports: {batches} contact imports, "
            f"{directory} directory imports deleted"
        )
