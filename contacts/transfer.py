"""Moving a student's contacts in and out: LinkedIn and our own CSV, vCards.

An upload is read once into plain rows (kept in ImportBatch.rows) with what
is wrong with each row. Duplicates are not stored with the rows: the preview
and the commit each judge the rows against the user's contacts at that
moment, so a contact added in between is still caught.
"""

import base64
import binascii
import codecs
import csv
import datetime
import functools
import io
import quopri
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from contacts.models import (
    Contact,
    ContactStage,
    ImportBatch,
    LeadSource,
    Organization,
    name_key,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A batch nobody confirmed or cancelled is forgotten after this long.
STALE_AFTER = datetime.timedelta(days=1)
# LinkedIn puts a few lines of notes above its headings; look this far.
HEADER_SEARCH_ROWS = 10
# More columns than any address book exports: a file with more is refused,
# rather than matching every row against every heading.
MAX_COLUMNS = 100
# A vCard's properties (logical lines) and the length of one once unfolded: a
# phone's card has a few dozen, and a photo is the longest line.
MAX_CARD_LINES = 500
MAX_LINE_CHARS = 1_000_000
BULK_BATCH_SIZE = 1000

# Our CSV, in the order the export writes it.
COLUMNS = (
    "first_name",
    "last_name",
    "job_title",
    "field",
    "organization",
    "city",
    "region",
    "email",
    "phone",
    "mailing_address",
    "linkedin_url",
    "lead_source",
    "found_through",
    "stage",
    "notes",
)
# LinkedIn's Connections.csv headings (normalised) and where each one goes.
LINKEDIN_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "url": "linkedin_url",
    "email_address": "email",
    "company": "organization",
    "position": "job_title",
}
CONTACT_COLUMNS = [name for name in COLUMNS if name != "organization"]
MULTILINE = {"mailing_address", "notes"}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Files that are plainly not text, by their first bytes.
BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF-", b"\x1f\x8b")
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")

NEW, DUPLICATE, PROBLEM = "new", "duplicate", "problem"


@dataclass
class Parsed:
    """What an upload holds: its format (ImportBatch.Source) and its rows."""

    source: str
    rows: list


# Reading an upload


def read_upload(uploaded):
    """Read an uploaded file into rows, or raise a ValidationError saying why not."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _(
                "The file is larger than the limit of %(limit)s. Split it into "
                "smaller files and import each."
            ),
            code="too_big",
            params={"limit": filesizeformat(MAX_BYTES)},
        )
    uploaded.seek(0)
    text = decode(uploaded.read(MAX_BYTES + 1))
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if text.lstrip()[:11].upper() == "BEGIN:VCARD":
        return Parsed(ImportBatch.Source.VCARD, read_vcards(text))
    return read_csv(text)


def decode(data):
    """The file's text: UTF-8 (with or without a BOM), UTF-16, else Windows-1252."""
    head = data[:1024]
    if head.startswith(WORKBOOK_SIGNATURES):
        raise ValidationError(
            _(
                "This looks like a spreadsheet workbook, not a CSV file. Save it "
                "as “CSV UTF-8” in your spreadsheet program and upload that."
            ),
            code="workbook",
        )
    if head.startswith(BINARY_SIGNATURES) or b"%PDF-" in head:
        raise _not_text()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16 with a byte-order mark.
        encodings = ("utf-16",)
    else:
        # Excel on Windows saves plain "CSV" in Windows-1252; Latin-1 reads
        # the five bytes Windows-1252 leaves undefined. A UTF-8 mark before
        # text that is not UTF-8 after all must not become "ï»¿" either.
        data = data.removeprefix(codecs.BOM_UTF8)
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_text()
    # No text format we read has NUL characters, and PostgreSQL refuses them.
    if "\x00" in text:
        raise _not_text()
    return text.removeprefix("\ufeff")


def _not_text():
    return ValidationError(
        _(
            "This is not a CSV or vCard file. Upload LinkedIn's Connections.csv, "
            "a CSV file with our column headings, or a vCard (.vcf) file."
        ),
        code="not_text",
    )


def _too_many_rows():
    return ValidationError(
        _(
            "The file holds more than %(limit)s contacts, the most one import "
            "takes. Split it into smaller files and import each."
        ),
        code="too_many_rows",
        params={"limit": number_format(MAX_ROWS, force_grouping=True)},
    )


def _no_contacts():
    return ValidationError(_("The file has no contacts in it."), code="no_rows")


# CSV


def read_csv(text):
    """Rows of LinkedIn's Connections.csv or of our own CSV."""
    try:
        return _read_csv(text)
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV: %(error)s."),
            code="bad_csv",
            params={"error": error},
        ) from None


def _read_csv(text):
    for delimiter in (",", ";", "\t"):
        found = _find_headings(text, delimiter)
        if found:
            break
    else:
        raise ValidationError(
            _(
                "The column headings were not found. The first row must name "
                "the columns: %(columns)s (download the template to see them). "
                "LinkedIn's Connections.csv can be uploaded as it is."
            ),
            code="headings",
            params={"columns": ",".join(COLUMNS)},
        )
    heading_row, headings, source = found
    # Only the headings we read, so that a row's work is not its width.
    wanted = {*COLUMNS, *LINKEDIN_COLUMNS, "connected_on"}
    position = {}
    for index, name in enumerate(headings):
        if name in wanted:
            position.setdefault(name, index)  # a repeated heading: the first wins
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Numbered as a spreadsheet numbers its rows, so a problem can be found.
    for number, record in enumerate(reader, 1):
        if number <= heading_row or not any(cell.strip() for cell in record):
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        cells = {
            name: record[index]
            for name, index in position.items()
            if index < len(record)
        }
        if source == ImportBatch.Source.LINKEDIN:
            rows.append(row(number, _linkedin_values(cells)))
        else:
            rows.append(row(number, _our_values(cells)))
    if not rows:
        raise ValidationError(
            _("The file has column headings but no contacts."), code="no_rows"
        )
    return Parsed(source, rows)


def _find_headings(text, delimiter):
    """(row number, headings, source) of the heading row, or None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, record in enumerate(reader, 1):
        if number > HEADER_SEARCH_ROWS:
            return None
        if len(record) > MAX_COLUMNS:
            # Each row is matched against every heading: bound the headings.
            raise ValidationError(
                _(
                    "Row %(number)s has more than %(limit)s columns, more than a "
                    "contacts file has. Keep only the contacts' columns and "
                    "upload the file again."
                ),
                code="too_many_columns",
                params={"number": number, "limit": MAX_COLUMNS},
            )
        headings = [_heading(cell) for cell in record]
        if "first_name" not in headings:
            continue
        # "Connected On" is LinkedIn's alone; older exports lack it.
        linkedin = "connected_on" in headings or {"url", "company", "position"} <= set(
            headings
        )
        source = ImportBatch.Source.LINKEDIN if linkedin else ImportBatch.Source.CSV
        return number, headings, source
    return None


def _heading(cell):
    """ "First Name", " first-name " and "first_name" are the same heading."""
    return re.sub(r"[\s-]+", "_", cell.strip().lstrip("\ufeff").lower())


def _linkedin_values(cells):
    values = {ours: cells.get(theirs, "") for theirs, ours in LINKEDIN_COLUMNS.items()}
    connected = _iso_date(cells.get("connected_on", "").strip())
    values["lead_source"] = LeadSource.OTHER
    values["found_through"] = (
        _("LinkedIn (connected %(date)s)") % {"date": connected}
        if connected
        else "LinkedIn"
    )
    return values


def _iso_date(text):
    """LinkedIn's "26 Nov 2024" as 2024-11-26, which reads the same anywhere."""
    try:
        return datetime.datetime.strptime(text, "%d %b %Y").date().isoformat()
    except ValueError:
        return text


def _our_values(cells):
    return {
        name: unneutralise(value) for name, value in cells.items() if name in COLUMNS
    }


def unneutralise(value):
    """Undo the quote the export puts before a cell a spreadsheet would run."""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


# One row, whatever the format


def row(number, values):
    """A row as the batch keeps it: its number, its values, what is wrong with it.

    Only non-empty values are kept, so that a batch of 5,000 rows stays small.
    """
    values = {name: _tidy(name, value) for name, value in values.items()}
    problems = []
    if not values.get("first_name"):
        problems.append(_("There is no first name."))
    for name, check in (("lead_source", _lead_source), ("stage", _stage)):
        values[name], problem = check(values.get(name, ""))
        if problem:
            problems.append(problem)
    if values.get("linkedin_url", "").lower().startswith(("www.", "linkedin.com")):
        values["linkedin_url"] = "https://" + values["linkedin_url"]
    checked = _checked_fields()
    for name, value in values.items():
        if value and name in checked:
            label, model_field = checked[name]
            try:
                model_field.clean(value, None)
            except ValidationError as error:
                problems.append(f"{capfirst(label)}: {' '.join(error.messages)}")
    return {"n": number, "v": {k: v for k, v in values.items() if v}, "p": problems}


def _tidy(name, value):
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if name not in MULTILINE:
        value = " ".join(value.split())
    return value


@functools.cache
def _checked_fields():
    """{column: (label, model field)}: each value is checked as the model would.

    lead_source and stage are matched against their choices instead.
    """
    checked = {}
    for name in COLUMNS:
        if name not in ("lead_source", "stage"):
            label = Contact._meta.get_field(name).verbose_name
            model_field = (
                Organization._meta.get_field("name")
                if name == "organization"
                else Contact._meta.get_field(name)
            )
            checked[name] = (label, model_field)
    return checked


def _lead_source(value):
    """(code, problem): a code or a label, in English or the user's language."""
    if not value:
        return LeadSource.OTHER.value, None
    code = _lead_source_codes(translation.get_language()).get(value.casefold())
    if code:
        return code, None
    return value, _("“%(value)s” is not a lead source; use one of: %(codes)s.") % {
        "value": value,
        "codes": ", ".join(LeadSource.values),
    }


@functools.cache
def _lead_source_codes(language):
    codes = {}
    for choice in LeadSource:
        codes[choice.value.casefold()] = choice.value
        codes[str(choice.label).casefold()] = choice.value
        with translation.override("en"):
            codes[str(choice.label).casefold()] = choice.value
    return codes


def _stage(value):
    """(code, problem): only the codes, as the export writes them."""
    if not value:
        return ContactStage.LEAD.value, None
    if value.lower() in ContactStage.values:
        return value.lower(), None
    return value, _("“%(value)s” is not a stage; use one of: %(codes)s.") % {
        "value": value,
        "codes": ", ".join(ContactStage.values),
    }


# vCard


def read_vcards(text):
    """Rows of a vCard file (versions 2.1, 3.0 and 4.0), one per card."""
    rows = []
    for number, lines in enumerate(_cards(text), 1):
        if number > MAX_ROWS:
            raise _too_many_rows()
        rows.append(row(number, _card_values(lines)))
    if not rows:
        raise _no_contacts()
    return rows


def _cards(text):
    """Each card as its list of logical (unfolded) lines.

    A folded line is kept as its pieces and joined once, so that the time
    stays linear in the file's size however a line is folded.
    """
    card, current, version, number = None, None, "3.0", 0
    for line in re.split(r"\r\n|\r|\n", text):
        upper = line.strip().upper()
        if card is None:
            if upper == "BEGIN:VCARD":
                card, current, version, number = [], None, "3.0", number + 1
            continue
        if current is not None:
            if current.soft_break():
                if upper != "END:VCARD":
                    current.append(line, number, drop_break=True)
                    continue
            elif line[:1] in (" ", "\t"):
                # 2.1 folds as e-mail does: the space stays.
                current.append(line if version == "2.1" else line[1:], number)
                continue
        if current is not None:
            card.append(current.text())
            current = None
        if upper == "END:VCARD":
            yield card
            card = None
        elif upper == "BEGIN:VCARD":
            # A card without its END: take it as it is and start the next.
            yield card
            card, number = [], number + 1
        elif line.strip():
            if upper.startswith("VERSION:"):
                version = upper.partition(":")[2].strip()
            if len(card) >= MAX_CARD_LINES:
                raise ValidationError(
                    _(
                        "Card %(number)s has more than %(limit)s lines, more than "
                        "a contact's card holds. Export the contacts again, or "
                        "split the file."
                    ),
                    code="card_too_long",
                    params={"number": number, "limit": MAX_CARD_LINES},
                )
            current = _LogicalLine(line, number)
    if current is not None:
        card.append(current.text())
    if card:
        yield card


class _LogicalLine:
    """A property's physical lines while they are unfolded, joined once at the end."""

    def __init__(self, first, number):
        self.pieces, self.size = [], 0
        # Whether the name and parameters (before the first colon) say
        # QUOTED-PRINTABLE; they may be folded too, so the last few
        # characters are kept to find the word across a fold.
        self.head_tail, self.in_head, self.quoted_printable = "", True, False
        self.append(first, number)

    def soft_break(self):
        """Whether the line ends in a quoted-printable soft break ("=")."""
        return (
            self.quoted_printable and bool(self.pieces) and self.pieces[-1][-1] == "="
        )

    def append(self, piece, number, *, drop_break=False):
        if drop_break:
            last = self.pieces.pop()[:-1]
            self.size -= 1
            if last:
                self.pieces.append(last)
        if not piece:
            return
        self.pieces.append(piece)
        self.size += len(piece)
        if self.size > MAX_LINE_CHARS:
            raise ValidationError(
                _(
                    "Card %(number)s has a line longer than %(limit)s characters "
                    "once unfolded, longer than any contact's details."
                ),
                code="line_too_long",
                params={
                    "number": number,
                    "limit": number_format(MAX_LINE_CHARS, force_grouping=True),
                },
            )
        if self.in_head:
            head, colon, _rest = piece.partition(":")
            window = (self.head_tail + head).upper()
            self.quoted_printable |= "QUOTED-PRINTABLE" in window
            self.head_tail, self.in_head = window[-16:], not colon

    def text(self):
        return "".join(self.pieces)


# The properties a card is read for.
CARD_PROPERTIES = {"FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "ADR", "NOTE", "URL"}


def _card_values(lines):
    found = {name: [] for name in CARD_PROPERTIES}
    for line in lines:
        parsed = _property(line)
        if parsed and parsed[0] in found:
            found[parsed[0]].append(parsed[1:])
    for name in found:
        found[name].sort(key=lambda entry: not _preferred(entry[0]))
    first_name, last_name = _card_name(found)
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "lead_source": LeadSource.OTHER,
        "found_through": _("vCard import"),
    }
    extra = []
    # Each entry is (params, value); gettext is "_" here, so no "_" variables.
    notes = [_unescape(value) for _params, value in found["NOTE"]]
    emails = [_unescape(value).strip() for _params, value in found["EMAIL"]]
    if emails:
        values["email"] = emails[0]
        extra += [_("Other email: %(email)s") % {"email": e} for e in emails[1:]]
    phones = [
        re.sub(r"(?i)^tel:", "", _unescape(value)).strip()  # vCard 4.0 tel: URIs
        for _params, value in found["TEL"]
    ]
    if phones:
        values["phone"] = phones[0]
        extra += [_("Other telephone: %(phone)s") % {"phone": p} for p in phones[1:]]
    for _params, value in found["URL"]:
        url = _unescape(value).strip()
        if "linkedin." in url.lower() and "linkedin_url" not in values:
            values["linkedin_url"] = url
        else:
            extra.append(_("Website: %(url)s") % {"url": url})
    if found["ORG"]:
        values["organization"] = _components(found["ORG"][0][1])[0]
    if found["TITLE"]:
        values["job_title"] = _unescape(found["TITLE"][0][1])
    if found["ADR"]:
        values.update(_address(found["ADR"][0][1]))
    values["notes"] = "\n\n".join(filter(None, [*notes, "\n".join(extra)]))
    return values


def _card_name(found):
    """(first, last) from N, else from FN; empty when the card names nobody."""
    family = given = ""
    if found["N"]:
        family, given, *_rest = [*_components(found["N"][0][1]), "", ""]
    if given.strip():
        return given, family
    full = " ".join(_unescape(found["FN"][0][1]).split()) if found["FN"] else ""
    if full:
        first, _space, last = full.rpartition(" ")
        return (first, last) if first else (last, "")
    return family, ""


def _address(value):
    pobox, extended, street, city, region, postcode, country, *_rest = [
        *_components(value),
        *[""] * 7,
    ]
    lines = [pobox, extended, street, postcode, country]
    return {
        "mailing_address": "\n".join(line.strip() for line in lines if line.strip()),
        "city": city,
        "region": region,
    }


def _property(line):
    """(NAME, {PARAM: [values]}, decoded value) of one logical line, or None."""
    # Up to the first colon that is not inside a quoted parameter value.
    match = re.match(r'((?:[^":]|"[^"]*")*):(.*)', line, re.DOTALL)
    if not match:
        return None
    name, *raw_params = _split_outside_quotes(match[1], ";") or [""]
    params = {}
    for raw in raw_params:
        key, has_value, text = raw.partition("=")
        if not has_value:
            # vCard 2.1 lets a parameter's value stand alone: ";WORK;PREF".
            key, text = _bare_parameter(key)
        for item in _split_outside_quotes(text, ","):
            params.setdefault(key.strip().upper(), []).append(item.strip().strip('"'))
    # "item1.EMAIL": the group only ties properties together for Apple.
    name = name.rpartition(".")[2].strip().upper()
    return name, params, _decoded(params, match[2])


def _bare_parameter(text):
    text = text.strip().upper()
    if text in {"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"}:
        return "ENCODING", text
    return "TYPE", text


def _preferred(params):
    types = {value.lower() for value in params.get("TYPE", [])}
    return "pref" in types or "PREF" in params


def _decoded(params, value):
    encoding = (params.get("ENCODING") or [""])[0].upper()
    if encoding == "QUOTED-PRINTABLE":
        data = quopri.decodestring(value.encode("utf-8"))
    elif encoding in {"B", "BASE64"}:
        try:
            data = base64.b64decode("".join(value.split()))
        except (binascii.Error, ValueError):
            return ""
    else:
        return value
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    for candidate in (charset, "utf-8"):
        try:
            return data.decode(candidate).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace").replace("\r\n", "\n")


def _split_outside_quotes(text, separator):
    return re.findall(rf'(?:[^"{separator}]|"[^"]*")+', text)


def _components(value):
    """A structured value (N, ADR, ORG) split at each unescaped semicolon."""
    parts, current, chars = [], [], iter(value)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == ";":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(_unescape("".join(current)))
    return parts


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], text)


# Judging the rows: what will be created, what is a duplicate


@dataclass
class Mark:
    """One row of the preview and what the import will do with it."""

    number: int
    values: dict
    status: str
    problems: list = field(default_factory=list)
    existing: tuple | None = None  # (pk, name) of the user's contact it repeats
    earlier: int | None = None  # or the number of the row before it that it repeats

    @property
    def name(self):
        parts = (self.values.get("first_name", ""), self.values.get("last_name", ""))
        return " ".join(filter(None, parts))


@dataclass
class Judgement:
    marks: list
    counts: dict


def judge(user, rows):
    """Mark each row new, duplicate or problem against the user's contacts now.

    A duplicate has the same email (in any case) as a contact or an earlier
    row, or the same first and last name at the same organization (no
    organization on both counts as the same). Duplicates are skipped, never
    merged: the user merges by hand if they wish.
    """
    by_email, by_name = {}, {}
    existing = Contact.objects.for_user(user).values_list(
        "pk", "first_name", "last_name", "email", "organization__name"
    )
    for pk, first, last, email, organization in existing:
        contact = (pk, f"{first} {last}".strip())
        email_key, name_key = _keys(first, last, email, organization)
        if email_key:
            by_email.setdefault(email_key, contact)
        by_name.setdefault(name_key, contact)
    earlier_email, earlier_name = {}, {}
    marks = []
    for data in rows:
        mark = Mark(data["n"], data["v"], NEW, data["p"])
        values = data["v"]
        email_key, name_key = _keys(
            values.get("first_name"),
            values.get("last_name"),
            values.get("email"),
            values.get("organization"),
        )
        if mark.problems:
            mark.status = PROBLEM
        elif (email_key and email_key in by_email) or name_key in by_name:
            mark.status = DUPLICATE
            mark.existing = by_email.get(email_key) or by_name[name_key]
        elif (email_key and email_key in earlier_email) or name_key in earlier_name:
            mark.status = DUPLICATE
            mark.earlier = earlier_email.get(email_key) or earlier_name[name_key]
        else:
            if email_key:
                earlier_email[email_key] = mark.number
            earlier_name[name_key] = mark.number
        marks.append(mark)
    counts = dict.fromkeys((NEW, DUPLICATE, PROBLEM), 0)
    for mark in marks:
        counts[mark.status] += 1
    return Judgement(marks, counts)


def _keys(first, last, email, organization):
    """(email key, name key) of a person, compared in any case and spacing."""
    return _key(email), (_key(first), _key(last), _key(organization))


_key = name_key


# Starting and finishing an import


def start_batch(user, filename, parsed):
    """Keep the parsed rows for the preview, and forget the user's stale batches."""
    ImportBatch.objects.for_user(user).filter(
        created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    return ImportBatch.objects.create(
        owner=user, source=parsed.source, filename=filename[:255], rows=parsed.rows
    )


@transaction.atomic
def commit(user, batch):
    """Create every new row's contact at once, delete the batch, return the counts.

    All or nothing: a failure part-way leaves no contact, no organization and
    the batch as it was. The user's row is locked so that two imports of the
    same user (two tabs) cannot both judge a person new and both create them.
    """
    if batch.owner_id != user.pk:
        raise ValueError("A batch is imported only into its owner's contacts.")
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    judgement = judge(user, batch.rows)
    new = [mark.values for mark in judgement.marks if mark.status == NEW]
    organizations = Organization.objects.named_many(
        user, [values.get("organization", "") for values in new]
    )
    contacts = [
        Contact(
            owner=user,
            organization=organizations.get(_key(values.get("organization"))),
            **{name: values.get(name, "") for name in CONTACT_COLUMNS},
        )
        for values in new
    ]
    Contact.objects.bulk_create(contacts, batch_size=BULK_BATCH_SIZE)
    batch.delete()
    return judgement.counts


def summary(counts):
    """The message after an import, e.g. "3 contacts imported; 1 duplicate skipped."."""
    parts = [
        ngettext(
            "%(count)s contact imported", "%(count)s contacts imported", counts[NEW]
        )
        % {"count": counts[NEW]}
    ]
    if counts[DUPLICATE]:
        parts.append(
            ngettext(
                "%(count)s duplicate skipped",
                "%(count)s duplicates skipped",
                counts[DUPLICATE],
            )
            % {"count": counts[DUPLICATE]}
        )
    if counts[PROBLEM]:
        parts.append(
            ngettext(
                "%(count)s row with a problem skipped",
                "%(count)s rows with a problem skipped",
                counts[PROBLEM],
            )
            % {"count": counts[PROBLEM]}
        )
    return "; ".join(parts) + "."


# Writing


def export_filename(extension):
    """e.g. infointerview-contacts-2026-11-26.csv, dated in the user's zone."""
    return f"infointerview-contacts-{timezone.localdate().isoformat()}.{extension}"


def write_csv(records):
    """Our CSV of these records (lists of cells in COLUMNS' order), headings first.

    It starts with a byte-order mark so that Excel reads it as UTF-8; the
    import skips it.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([neutralise(cell) for cell in record] for record in records)
    return out.getvalue()


def neutralise(value):
    """A cell a spreadsheet will show as text rather than run as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def contact_cells(contact):
    organization = contact.organization.name if contact.organization_id else ""
    return [
        organization if name == "organization" else getattr(contact, name)
        for name in COLUMNS
    ]


def contacts_csv(contacts):
    """Every contact as our CSV: the file the import reads back without loss."""
    return write_csv(contact_cells(contact) for contact in contacts)


def template_csv():
    """Our headings and one example row, to fill in a spreadsheet."""
    example = {
        "first_name": "Jordan",
        "last_name": "Lee",
        "job_title": _("Box office manager"),
        "field": _("Theatre management"),
        "organization": "Massey Hall",
        "city": "Toronto",
        "region": "ON",
        "email": "jordan.lee@example.org",
        "phone": "416-555-0199",
        "mailing_address": "178 Victoria St\nToronto ON M5B 1T7",
        "linkedin_url": "https://www.linkedin.com/in/jordan-lee-example",
        "lead_source": LeadSource.CAREER_CENTRE,
        "found_through": _("Fall career fair"),
        "stage": ContactStage.LEAD,
        "notes": _("Started as an usher; happy to talk about front-of-house work."),
    }
    return write_csv([[example[name] for name in COLUMNS]])


def contacts_vcard(contacts):
    """Every contact as vCard 3.0, for a phone or an address book."""
    lines = []
    for contact in contacts:
        lines += ["BEGIN:VCARD", "VERSION:3.0"]
        lines.append(f"N:{_escape(contact.last_name)};{_escape(contact.first_name)};;;")
        lines.append(f"FN:{_escape(contact.full_name)}")
        if contact.organization_id:
            lines.append(f"ORG:{_escape(contact.organization.name)}")
        if contact.job_title:
            lines.append(f"TITLE:{_escape(contact.job_title)}")
        if contact.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{_escape(contact.email)}")
        if contact.phone:
            lines.append(f"TEL;TYPE=VOICE:{_escape(contact.phone)}")
        if contact.mailing_address or contact.city or contact.region:
            street, city, region = (
                _escape(contact.mailing_address),
                _escape(contact.city),
                _escape(contact.region),
            )
            lines.append(f"ADR;TYPE=WORK:;;{street};{city};{region};;")
        if contact.linkedin_url:
            lines.append(f"URL:{_escape(contact.linkedin_url)}")
        if contact.notes:
            lines.append(f"NOTE:{_escape(contact.notes)}")
        lines.append("END:VCARD")
    return "".join(_fold_line(line) + "\r\n" for line in lines)


def _escape(text):
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(char, escaped)
    return text


def _fold_line(line, limit=75):
    """Fold a line at 75 octets, never inside a character, as vCard 3.0 asks."""
    if len(line.encode()) <= limit:
        return line
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            # A continuation line starts with a space, which counts too.
            current, size, limit = [], 0, 74
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
