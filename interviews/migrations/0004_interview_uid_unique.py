import uuid

from django.db import migrations, models


def give_each_interview_its_own_uid(apps, schema_editor):
    # A default is evaluated once for an added column, so existing rows
    # would share one UID; each gets its own before the column turns unique.
    Interview = apps.get_model("interviews", "Interview")
    for interview in Interview.objects.filter(uid__isnull=True).only("pk"):
        Interview.objects.filter(pk=interview.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_calendars_requests_and_templates"),
    ]

    operations = [
        migrations.RunPython(
            give_each_interview_its_own_uid, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="interview",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                verbose_name="calendar id",
            ),
        ),
    ]
