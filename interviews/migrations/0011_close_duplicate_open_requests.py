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
- An older draft goes, but not its words. It never went out, and no closing
  status can hold a request that was never sent: the table's own check says
  that everything but a draft has a sent_at, and inventing one would count it
  as sent in the reports. What the student wrote in it (subject, message,
  voicemail) is added to the end of the contact's notes, dated, so that
  nothing they typed is lost without their knowing.

Only statuses change, and those drafts move to the notes: the contacts'
stages, the dates and every word of the requests that stay are left as they
are. Reversing does nothing: which requests were duplicates is not recorded.
"""

from django.db import migrations
from django.db.models import Count

OPEN = ("draft", "sent")


def close_duplicates(apps, schema_editor):
    InterviewRequest = apps.get_model("interviews", "InterviewRequest")
    Contact = apps.get_model("contacts", "Contact")
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
        drafts = older.filter(status="draft").order_by("created_at", "id")
        kept = [_as_note(draft) for draft in drafts]
        kept = [words for words in kept if words]
        if kept:
            contact = Contact.objects.get(pk=contact_id)
            contact.notes = "\n\n".join(filter(None, [contact.notes, *kept]))
            contact.save(update_fields=["notes"])
        drafts.delete()


def _as_note(draft):
    """The draft's words, headed with the day it was started; "" if it held none.

    In English: a migration knows no student's language.
    """
    words = [
        text.strip()
        for text in (draft.subject, draft.message, draft.voicemail)
        if text.strip()
    ]
    if not words:
        return ""
    heading = (
        f"An earlier draft of a request, started {draft.created_at:%Y-%m-%d} "
        "(kept here when Infointerview began to allow one open request per "
        "contact):"
    )
    return "\n".join([heading, *words])


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0010_reports_owner_period_indexes"),
        ("contacts", "0005_reports_owner_period_indexes"),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop),
    ]
