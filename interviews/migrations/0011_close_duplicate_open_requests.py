"""Before a contact may hold only one open request: settle the contacts that
already hold several, so that the constraint of the next migration can be made.

Of each such contact's open requests (drafts, and requests sent and waiting
for an answer), the newest one (by when it was started) stays as it is: it is
the one the student carried on with. The older ones:

- An older request that was sent becomes "no reply". It went out and no answer
  was recorded before the student asked again; "withdrawn" would say the
  student called it back, which they did not. A "no reply" request can still
  take their answer if it comes after all (InterviewRequest._answer), so
  nothing is closed for good.
- An older draft is deleted. It never went out, and no closing status can hold
  a request that was never sent: the table's own check says that everything
  but a draft has a sent_at, and inventing one would count it as sent in the
  reports. The student started a newer request to the same person instead.

Only statuses change (and those drafts go): the contacts' stages, the dates
and every word of the requests that stay are left as they are. Reversing does
nothing: which requests were duplicates is not recorded, and a deleted draft
cannot come back.
"""

from django.db import migrations
from django.db.models import Count

OPEN = ("draft", "sent")


def close_duplicates(apps, schema_editor):
    InterviewRequest = apps.get_model("interviews", "InterviewRequest")
    crowded = list(
        InterviewRequest.objects.filter(status__in=OPEN)
        .values("contact_id")
        .annotate(open_count=Count("id"))
        .filter(open_count__gt=1)
        .values_list("contact_id", flat=True)
    )
    for contact_id in crowded:
        open_requests = InterviewRequest.objects.filter(
            contact_id=contact_id, status__in=OPEN
        ).order_by("-created_at", "-id")
        newest = open_requests.first()
        older = open_requests.exclude(pk=newest.pk)
        older.filter(status="sent").update(status="no_reply")
        older.filter(status="draft").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0010_reports_owner_period_indexes"),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop),
    ]
