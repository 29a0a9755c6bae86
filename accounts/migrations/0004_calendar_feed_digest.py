"""The calendar feed's address is no longer stored.

A feed made before keeps working: its address is hashed into the digest. It
has no seed, so its address cannot be shown again; the profile says so and
offers a new one.
"""

from django.db import migrations, models
from django.utils.crypto import salted_hmac


def hash_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(calendar_token=None).only("calendar_token"):
        # The same keyed hash as accounts.models.calendar_digest, frozen here.
        user.calendar_digest = salted_hmac(
            "infointerview.calendar-feed.digest",
            user.calendar_token,
            algorithm="sha256",
        ).hexdigest()
        user.save(update_fields=["calendar_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_wants_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_digest",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="calendar feed digest",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="calendar_seed",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="calendar feed seed",
            ),
        ),
        migrations.RunPython(hash_existing_addresses, migrations.RunPython.noop),
        migrations.RemoveField(model_name="user", name="calendar_token"),
    ]
