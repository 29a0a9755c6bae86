"""Everything a student owns, as one ZIP archive to take away.

The JSON files are made by walking the models, not by listing them: every
model of our apps whose rows reach a user through foreign keys is exported,
so a model added tomorrow is in the archive the day it is added. Rows are
read in chunks and written straight into the archive, which is spooled to a
temporary file rather than held in memory.
"""

import io
import json
import re
import tempfile
import zipfile

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from accounts.models import Resume, User
from contacts import transfer
from contacts.models import Contact
from interviews.calendar import feed_calendar
from interviews.models import Interview

OUR_APPS = ("accounts", "contacts", "interviews", "followups", "infointerview")
# A foreign key to a user that does not make the row that user's own: the
# staff member who opened a shared journey.
NOT_AN_OWNER = {("accounts.JourneyVisit", "staff")}
# Rows no student owns: the career centre's directory and its imports.
NOT_STUDENTS = {"contacts.DirectoryEntry", "contacts.DirectoryImport"}
# Never in the archive: the password's hash and the calendar feed's secrets.
SECRETS = {"password", "calendar_seed", "calendar_digest"}
# Nor what means nothing to the student: the keyed digest of each address an
# email went to, which only the server's key can match with an address (the
# emails' dates are there; the addresses are in the contacts).
LEFT_OUT = SECRETS | {"recipient_digest"}
# File names a student will recognise, where the model's own name would not do.
FILE_NAMES = {
    "accounts.User": "account",
    "contacts.ImportBatch": "import_batches",
    "followups.ReminderDigest": "reminder_emails",
}
CHUNK_SIZE = 500
# Below this the archive stays in memory; above it, it goes to a temporary file.
SPOOL_BYTES = 10 * 1024 * 1024


def owner_path(model, seen=()):
    """The lookup from a model's row to the user who owns it, or None."""
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        if (model._meta.label, field.name) in NOT_AN_OWNER:
            continue
        if field.related_model is User:
            return field.name
        if field.related_model in seen or field.related_model is model:
            continue
        upper = owner_path(field.related_model, (*seen, model))
        if upper:
            return f"{field.name}__{upper}"
    return None


def owned_models():
    """Every model of ours whose rows a student owns, the account first."""
    found = [User]
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is User or model._meta.label in NOT_STUDENTS:
                continue
            if owner_path(model) is not None:
                found.append(model)
    return found


def rows_of(model, user):
    """The user's own rows of the model, and no one else's."""
    if model is User:
        return User.objects.filter(pk=user.pk)
    return model._default_manager.filter(**{owner_path(model): user})


def file_name(model):
    label = model._meta.label
    if label in FILE_NAMES:
        return f"{FILE_NAMES[label]}.json"
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
    return f"{snake}s.json"


def resume_path(resume):
    """Where a resume's file is in the archive."""
    return f"resumes/{resume.pk}-{resume.download_name}"


def archive_filename():
    return f"infointerview-my-data-{timezone.localdate().isoformat()}.zip"


def build_archive(user):
    """The archive of everything the user owns, as an open file at its start."""
    # Not a with block: the response streams the file, then closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for model in owned_models():
                _write_json(zipped, model, rows_of(model, user))
            _write_contacts(zipped, user)
            _write_calendar(zipped, user)
            _write_resumes(zipped, user)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in LEFT_OUT]


def _many_to_many(model):
    """The model's links to other rows of ours (not auth's groups and such)."""
    return [
        f
        for f in model._meta.many_to_many
        if f.related_model._meta.app_label in OUR_APPS
    ]


def row_dict(row, fields, links):
    """One row as JSON-ready values: like model_to_dict, every concrete field
    (a foreign key as the id it points at), and the ids each link names."""
    data = {}
    for field in fields:
        value = field.value_from_object(row)
        if isinstance(field, models.FileField):
            value = resume_path(row) if isinstance(row, Resume) else value.name
        data[field.name] = value
    for field in links:
        data[field.name] = sorted(other.pk for other in getattr(row, field.name).all())
    return data


def _write_json(archive, model, rows):
    fields, links = _fields(model), _many_to_many(model)
    rows = rows.order_by("pk").prefetch_related(*(f.name for f in links))
    with archive.open(file_name(model), "w") as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8")
        out.write("[")
        for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE)):
            out.write(",\n" if number else "\n")
            out.write(json.dumps(row_dict(row, fields, links), cls=DjangoJSONEncoder))
        out.write("\n]\n")
        out.flush()
        out.detach()


def _write_contacts(archive, user):
    contacts = (
        Contact.objects.for_user(user)
        .select_related("organization")
        .order_by("last_name", "first_name", "id")
    )
    # The same files as the contact list's own export buttons.
    archive.writestr("contacts.csv", transfer.contacts_csv(contacts))
    archive.writestr("contacts.vcf", transfer.contacts_vcard(contacts))


def _write_calendar(archive, user):
    interviews = (
        Interview.objects.for_user(user)
        .select_related("contact__organization")
        .order_by("starts_at", "pk")
    )
    archive.writestr("interviews.ics", feed_calendar(user, interviews))


def _write_resumes(archive, user):
    for resume in Resume.objects.for_user(user).order_by("pk").iterator(CHUNK_SIZE):
        try:
            handle = resume.file.open("rb")
        except FileNotFoundError:
            continue  # the row outlived its file: the JSON still says so
        with handle, archive.open(resume_path(resume), "w") as target:
            while chunk := handle.read(1024 * 1024):
                target.write(chunk)
