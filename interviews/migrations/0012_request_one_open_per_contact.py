"""A contact holds at most one open request, in the database itself.

A migration of its own, after 0011 settled the contacts that held several: on
PostgreSQL each migration is one transaction, and the index is then made on
committed rows, with none of 0011's changes still pending.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_journey_sharing"),
        ("contacts", "0005_reports_owner_period_indexes"),
        ("interviews", "0011_close_duplicate_open_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="interviewrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ("draft", "sent"))),
                fields=("contact",),
                name="request_one_open_per_contact",
                violation_error_message="Only one request to a contact can be open at a time (a draft, or one waiting for their answer): send it or record their answer first.",
            ),
        ),
    ]
