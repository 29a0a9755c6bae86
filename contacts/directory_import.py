"""Staff import directory people from a CSV file: upload, preview, commit.

An upload is read once into plain rows (kept in DirectoryImport.rows) with
what is wrong with each cell. Whether a row repeats someone is not stored:
the preview and the commit each judge the rows against the directory at that
moment, so a person added in between is still caught. The commit is all or
nothing: one row with a problem and no one is added.

Reading is bounded before it starts (the file's size) and as it goes (rows,
columns, characters), and each step is one pass over the text.
"""

import codecs
import csv
import functools
import io
import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import (
    Channel,
    DirectoryEntry,
    DirectoryImport,
    Organization,
    name_key,
)
from contacts.transfer import STALE_AFTER, unneutralise

security_log = logging.getLogger("infointerview.security")

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
MAX_FIELD = 5000
BULK_BATCH_SIZE = 1000

# The columns, in the order the upload page lists them, and what each holds.
COLUMN_HELP = (
    ("first_name", gettext_lazy("Required.")),
    ("last_name", gettext_lazy("Required.")),
    ("job_title", gettext_lazy("e.g. General manager")),
    (
        "organization",
        gettext_lazy(
            "Matched to a directory organization in any case; a new one is made "
            "if none has this name."
        ),
    ),
    ("field", gettext_lazy("Field of work, e.g. theatre management.")),
    ("city", ""),
    (
        "source",
        gettext_lazy("career_centre or alumni_office; empty means career_centre."),
    ),
    ("program", gettext_lazy("The program an alumnus or alumna studied.")),
    ("graduation_year", gettext_lazy("A year from 1900 to 2100.")),
    ("bio", gettext_lazy("A short bio; may run over several lines.")),
    ("topics", gettext_lazy("What they can talk about.")),
    (
        "preferred_channel",
        gettext_lazy("email, telephone or mail; empty means email."),
    ),
    ("email", gettext_lazy("Must be a valid address; no two people share one.")),
    ("phone", ""),
    ("mailing_address", gettext_lazy("May run over several lines.")),
    (
        "monthly_limit",
        gettext_lazy("New students a month, 1 to 100; empty means 2."),
    ),
)
COLUMNS = tuple(name for name, _help in COLUMN_HELP)
REQUIRED = ("first_name", "last_name")
MULTILINE = {"bio", "topics", "mailing_address"}
ENTRY_COLUMNS = [name for name in COLUMNS if name != "organization"]


def limits():
    """The limits as the upload page and the messages say them, in the
    current language."""
    return {
        "size": filesizeformat(MAX_BYTES),
        "rows": number_format(MAX_ROWS, force_grouping=True),
        "columns": MAX_COLUMNS,
        "characters": number_format(MAX_FIELD, force_grouping=True),
    }


# Reading an upload


def read_upload(uploaded, user):
    """The rows of an uploaded CSV file, or a ValidationError saying why not."""
    # Refused before a byte is read: the size is known from the upload.
    if uploaded.size > MAX_BYTES:
        security_log.warning(
            "directory import refused: %s bytes (limit %s) from user %s",
            uploaded.size,
            MAX_BYTES,
            user.pk,
        )
        raise ValidationError(
            _(
                "The file is larger than the limit of %(limit)s. Split it into "
                "smaller files and import each."
            ),
            code="too_big",
            params={"limit": filesizeformat(MAX_BYTES)},
        )
    uploaded.seek(0)
    return parse(decode(uploaded.read(MAX_BYTES + 1)))


def decode(data):
    """The file's text, which must be UTF-8 (a byte-order mark is allowed)."""
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "The file is not UTF-8 text. Save it as “CSV UTF-8” in your "
                "spreadsheet program and upload that."
            ),
            code="not_utf8",
        ) from None
    # No CSV has NUL characters, and PostgreSQL refuses them.
    if "\x00" in text:
        raise ValidationError(
            _("The file is not a CSV file: it holds binary data."), code="not_text"
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    return text


def parse(text):
    """Rows of the CSV text: {"n": row number, "v": values, "p": problems}."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse(reader)
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV: %(error)s."),
            code="bad_csv",
            params={"error": error},
        ) from None


def _parse(reader):
    position = _header(next(reader, []))
    rows = []
    # Numbered as a spreadsheet numbers them, so that a problem can be found.
    for number, record in enumerate(reader, 2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > MAX_COLUMNS:
            raise _too_many_columns()
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _(
                    "The file holds more than %(limit)s people, the most one "
                    "import takes. Split it into smaller files and import each."
                ),
                code="too_many_rows",
                params={"limit": limits()["rows"]},
            )
        rows.append(row(number, record, position))
    if not rows:
        raise ValidationError(
            _("The file has a header row but no people."), code="no_rows"
        )
    return rows


def _header(record):
    """{column: index} of the header row, which must be the first row."""
    if len(record) > MAX_COLUMNS:
        raise _too_many_columns()
    headings = [_heading(cell) for cell in record]
    unknown = [
        cell
        for cell, name in zip(record, headings, strict=True)
        if name and name not in COLUMNS
    ]
    missing = [name for name in REQUIRED if name not in headings]
    if missing:
        raise ValidationError(
            _(
                "The first row must be a header row naming the columns, with at "
                "least first_name and last_name. The columns are: %(columns)s."
            ),
            code="header",
            params={"columns": ", ".join(COLUMNS)},
        )
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s."),
            code="unknown_columns",
            params={"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)},
        )
    repeated = sorted({name for name in headings if name and headings.count(name) > 1})
    if repeated:
        raise ValidationError(
            _("These columns appear twice: %(columns)s."),
            code="repeated_columns",
            params={"columns": ", ".join(repeated)},
        )
    return {name: index for index, name in enumerate(headings) if name}


def _heading(cell):
    """ "First Name", " first-name " and "FIRST_NAME" are the same heading."""
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def _too_many_columns():
    return ValidationError(
        _("A row has more than %(limit)s columns, the most a file may have."),
        code="too_many_columns",
        params={"limit": MAX_COLUMNS},
    )


# One row


def row(number, record, position):
    """A row as the import keeps it: its number, its values, its problems.

    Only non-empty values are kept; an empty cell takes the model's default.
    """
    problems = []
    if len(record) > len(position) and any(c.strip() for c in record[len(position) :]):
        problems.append(_("The row has more cells than the header row has columns."))
    values = {}
    for name, index in position.items():
        value = _tidy(name, unneutralise(record[index]) if index < len(record) else "")
        if len(value) > MAX_FIELD:
            problems.append(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": _label(name), "limit": limits()["characters"]}
            )
            continue
        if value:
            values[name] = value
    for name in REQUIRED:
        if name not in values:
            problems.append(_("%(column)s is missing.") % {"column": _label(name)})
    for name, value in list(values.items()):
        try:
            values[name] = _clean(name, value)
        except ValidationError as error:
            problems.append(f"{_label(name)}: {' '.join(error.messages)}")
    return {"n": number, "v": values, "p": problems}


def _tidy(name, value):
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if name not in MULTILINE:
        value = " ".join(value.split())
    return value


def _label(name):
    return capfirst(DirectoryEntry._meta.get_field(name).verbose_name)


def _clean(name, value):
    """The value as the model takes it, or a ValidationError."""
    if name == "source":
        value = _choice(value, DirectoryEntry.Source)
    elif name == "preferred_channel":
        value = _choice(value, Channel)
    if name == "organization":
        model_field = Organization._meta.get_field("name")
    else:
        model_field = DirectoryEntry._meta.get_field(name)
    return model_field.clean(value, None)


def _choice(value, choices):
    """A choice's code from its code or its label, in any case."""
    codes = _codes(choices)
    try:
        return codes[value.casefold()]
    except KeyError:
        raise ValidationError(
            _("“%(value)s” is not one of: %(codes)s."),
            params={"value": value, "codes": ", ".join(choices.values)},
        ) from None


@functools.cache
def _codes(choices):
    codes = {}
    for choice in choices:
        codes[choice.value.casefold()] = choice.value
        codes[str(choice.label).casefold()] = choice.value
    return codes


# Judging the rows against each other and the directory


@dataclass
class Mark:
    """One row of the preview: its values and what is wrong with it."""

    number: int
    values: dict
    problems: list = field(default_factory=list)

    @property
    def name(self):
        return " ".join(
            filter(None, (self.values.get("first_name"), self.values.get("last_name")))
        )


@dataclass
class Judgement:
    marks: list

    @property
    def problem_count(self):
        return sum(1 for mark in self.marks if mark.problems)

    @property
    def added_count(self):
        return len(self.marks) - self.problem_count


def judge(rows):
    """Mark each row with its problems, including people already in the
    directory or earlier in the file: the same email, or the same first and
    last name at the same organization (both in any case)."""
    in_directory_names, in_directory_emails = set(), set()
    existing = DirectoryEntry.objects.values_list(
        "first_name", "last_name", "organization__name", "email"
    )
    for first, last, organization, email in existing.order_by():
        in_directory_names.add(_name_key(first, last, organization))
        if email:
            in_directory_emails.add(_key(email))
    earlier_names, earlier_emails = {}, {}
    marks = []
    for data in rows:
        values = data["v"]
        mark = Mark(data["n"], values, list(data["p"]))
        name_key = _name_key(
            values.get("first_name"),
            values.get("last_name"),
            values.get("organization"),
        )
        email_key = _key(values.get("email"))
        named = bool(values.get("first_name") and values.get("last_name"))
        if named and name_key in in_directory_names:
            mark.problems.append(
                _("Already in the directory: the same name at the same organization.")
            )
        if email_key and email_key in in_directory_emails:
            mark.problems.append(_("Already in the directory with this email."))
        if named and name_key in earlier_names:
            mark.problems.append(
                _("The same person as row %(number)s.")
                % {"number": earlier_names[name_key]}
            )
        elif email_key and email_key in earlier_emails:
            mark.problems.append(
                _("The same email as row %(number)s.")
                % {"number": earlier_emails[email_key]}
            )
        if named:
            earlier_names.setdefault(name_key, mark.number)
        if email_key:
            earlier_emails.setdefault(email_key, mark.number)
        marks.append(mark)
    return Judgement(marks)


def _name_key(first, last, organization):
    return (_key(first), _key(last), _key(organization))


_key = name_key


# Starting and finishing an import


def start(user, filename, rows):
    """Keep the rows for the preview, and forget the member's stale imports."""
    DirectoryImport.objects.filter(
        created_by=user, created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    return DirectoryImport.objects.create(
        created_by=user, filename=filename[:255], rows=rows
    )


class ImportHasProblems(Exception):
    """At least one row has a problem, so no one was added."""

    def __init__(self, count):
        super().__init__(f"{count} rows with a problem")
        self.count = count


@transaction.atomic
def commit(batch):
    """Add every row's person to the directory, delete the import, return how many.

    All or nothing: a row with a problem raises ImportHasProblems and adds
    no one; the caller locks the import so that a second click finds it gone.
    """
    judgement = judge(batch.rows)
    if judgement.problem_count:
        raise ImportHasProblems(judgement.problem_count)
    organizations = Organization.objects.named_many(
        None, [mark.values.get("organization", "") for mark in judgement.marks]
    )
    entries = [
        DirectoryEntry(
            organization=organizations.get(_key(mark.values.get("organization"))),
            **{
                name: mark.values[name] for name in ENTRY_COLUMNS if name in mark.values
            },
        )
        for mark in judgement.marks
    ]
    DirectoryEntry.objects.bulk_create(entries, batch_size=BULK_BATCH_SIZE)
    batch.delete()
    return len(entries)
