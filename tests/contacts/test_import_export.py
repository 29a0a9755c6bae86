"""Importing contacts from LinkedIn, our CSV or vCards, and exporting them again."""

import csv
import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from contacts import transfer
from contacts.models import Contact, ImportBatch, LeadSource, Organization
from tests.factories import PDF_BYTES, ContactFactory, OrganizationFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("contacts:import")

# What LinkedIn's "Get a copy of your data" sends: notes above the headings.
LINKEDIN_CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who "
    "have allowed their connections to see or download their email address using "
    "this setting https://www.linkedin.com/psettings/privacy/email. You can learn "
    'more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Amara,Okafor,https://www.linkedin.com/in/amara-okafor-1a2b3c,,"
    "Soulpepper Theatre Company,Company Manager,14 Mar 2025\n"
    "Luc,Gagnon,https://www.linkedin.com/in/lucgagnon,luc.gagnon@example.org,"
    '"Théâtre Français de Toronto, Inc.",Directeur artistique,02 Jan 2026\n'
    "Mei,Chen,https://www.linkedin.com/in/meichen,,Harbourfront Centre,"
    "Programming Coordinator,28 Nov 2024\n"
)

# An Android phone's export: vCard 2.1, names and notes in quoted-printable,
# a soft line break inside the note, and a card with only a number.
PHONE_VCARD_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Tremblay;=C3=89lodie;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89lodie=20Tremblay\r\n"
    "TEL;WORK:514-555-0135\r\n"
    "TEL;CELL;PREF:+1-514-555-0134\r\n"
    "EMAIL;WORK:elodie.tremblay@example.org\r\n"
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Th=C3=A9=C3=A2tre du Nouveau Monde\r\n"
    "TITLE:Directrice de production\r\n"
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Rencontr=C3=A9e au salon de l'=\r\n"
    "emploi.=0D=0AAime parler de tourn=C3=A9es.\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:C=F4t=E9;Andr=E9;;;\r\n"
    "ADR;HOME;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:;;12 rue Saint-=\r\n"
    "Denis;Montr=E9al;QC;H2X 3K8;Canada\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N:;;;;\r\n"
    "TEL;CELL:514-555-0199\r\n"
    "END:VCARD\r\n"
)

# macOS Contacts: vCard 3.0 with folded lines, groups, escapes, several types.
MAC_VCARD_30 = (
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "PRODID:-//Apple Inc.//macOS 15.1//EN\n"
    "N:Singh;Priya;;Dr.;\n"
    "FN:Dr. Priya Singh\n"
    "ORG:University of Toronto;Faculty of Music\n"
    "TITLE:Associate Professor\\, Music Education\n"
    "item1.EMAIL;type=INTERNET;type=pref:priya.singh@example.\n"
    " edu\n"
    "EMAIL;type=INTERNET;type=HOME:priya@example.net\n"
    "TEL;type=CELL;type=VOICE;type=pref:(416) 555-0142\n"
    "item2.ADR;type=WORK;type=pref:;;80 Queen's Park;Toronto;ON;M5S 2C5;Canada\n"
    "NOTE:Taught my acoustics elective.\\nAsk about the summer festival intern\n"
    " ships\\; she runs them.\n"
    "item3.URL;type=pref:https://www.linkedin.com/in/priya-singh-music\n"
    "END:VCARD\n"
)

VCARD_40 = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Jonah Whitefeather\r\n"
    "N:Whitefeather;Jonah;;;\r\n"
    "EMAIL;TYPE=home:jonah.home@example.net\r\n"
    "EMAIL;TYPE=work;PREF=1:jonah@example.org\r\n"
    'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-604-555-0177\r\n'
    'ADR;TYPE=work;LABEL="1 Main St\\nVancouver: BC":;;1 Main St;Vancouver;BC;;\r\n'
    "URL:https://jonah.example.org\r\n"
    "END:VCARD\r\n"
)


def our_csv(*rows, columns=transfer.COLUMNS):
    """Our CSV with these rows, each a dict of the columns it fills."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(name, "") for name in columns])
    return out.getvalue()


def upload(client, content, name="contacts.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def upload_error(client, content, name="contacts.csv"):
    response = upload(client, content, name)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    # Numbers and sizes are spaced with no-break spaces in Canadian English.
    return " ".join(response.context["form"].errors["file"]).replace("\xa0", " ")


def preview_of(client, content, name="contacts.csv"):
    response = upload(client, content, name)
    assert response.status_code == 302, response.context["form"].errors
    batch = ImportBatch.objects.latest("id")
    assert response["Location"] == reverse("contacts:import_preview", args=[batch.pk])
    return client.get(response["Location"])


def marks_of(client, content, name="contacts.csv"):
    return list(preview_of(client, content, name).context["page"].object_list)


def confirm(client, batch):
    return client.post(reverse("contacts:import_confirm", args=[batch.pk]))


def import_file(client, content, name="contacts.csv"):
    upload(client, content, name)
    return confirm(client, ImportBatch.objects.latest("id"))


def batch_for(user, content):
    parsed = transfer.read_upload(SimpleUploadedFile("c.csv", content.encode()))
    return transfer.start_batch(user, "c.csv", parsed)


def message_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# LinkedIn


def test_a_linkedin_export_with_its_notes_is_previewed_then_imported(
    owner_client, user
):
    marks = marks_of(owner_client, LINKEDIN_CONNECTIONS, "Connections.csv")

    assert [m.status for m in marks] == ["new"] * 3
    assert ImportBatch.objects.get().source == ImportBatch.Source.LINKEDIN
    assert not Contact.objects.exists()

    response = confirm(owner_client, ImportBatch.objects.get())

    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:list")
    luc = Contact.objects.get(first_name="Luc")
    assert luc.owner == user
    assert luc.last_name == "Gagnon"
    assert luc.email == "luc.gagnon@example.org"
    assert luc.linkedin_url == "https://www.linkedin.com/in/lucgagnon"
    assert luc.job_title == "Directeur artistique"
    assert luc.organization.name == "Théâtre Français de Toronto, Inc."
    assert luc.organization.owner == user
    assert luc.lead_source == LeadSource.OTHER
    assert luc.found_through == "LinkedIn (connected 2026-01-02)"
    assert luc.stage == Contact.Stage.LEAD
    assert Contact.objects.get(first_name="Amara").email == ""


def test_a_linkedin_company_reuses_the_users_organization_in_any_case(
    owner_client, user, other_user
):
    mine = OrganizationFactory(owner=user, name="HARBOURFRONT centre")
    theirs = OrganizationFactory(owner=other_user, name="Soulpepper Theatre Company")

    import_file(owner_client, LINKEDIN_CONNECTIONS, "Connections.csv")

    assert Contact.objects.get(first_name="Mei").organization == mine
    amara = Contact.objects.get(first_name="Amara")
    assert amara.organization != theirs
    assert amara.organization.owner == user
    assert Organization.objects.for_user(user).count() == 3


# Our CSV


def test_our_csv_is_imported_with_every_column(owner_client, user):
    row = {
        "first_name": "Noor",
        "last_name": "Haddad",
        "job_title": "Production Manager",
        "field": "Theatre production",
        "organization": "Canadian Stage",
        "city": "Toronto",
        "region": "ON",
        "email": "noor@example.org",
        "phone": "416-555-0110",
        "mailing_address": "26 Berkeley St\nToronto ON M5A 2W3",
        "linkedin_url": "https://www.linkedin.com/in/noor-haddad",
        "lead_source": "professor",
        "found_through": "Prof. Singh",
        "stage": "requested",
        "notes": "Prefers email.\nAsk about the fall season.",
    }

    response = import_file(owner_client, our_csv(row))

    assert response.status_code == 302
    contact = Contact.objects.for_user(user).get()
    for name, value in row.items():
        if name != "organization":
            assert getattr(contact, name) == value, name
    assert contact.organization.name == "Canadian Stage"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("career_centre", "career_centre"),
        ("Career centre", "career_centre"),
        ("ALUMNI_OFFICE", "alumni_office"),
        ("a friend's parent", "friends_parent"),
        ("", "other"),
    ],
)
def test_the_lead_source_may_be_its_code_or_its_label(owner_client, given, stored):
    import_file(owner_client, our_csv({"first_name": "Ada", "lead_source": given}))

    assert Contact.objects.get().lead_source == stored


def test_the_stage_takes_its_codes_and_a_blank_one_is_lead(owner_client):
    content = our_csv(
        {"first_name": "Ada", "stage": "in_network"},
        {"first_name": "Ben", "stage": ""},
    )

    import_file(owner_client, content)

    stages = dict(Contact.objects.values_list("first_name", "stage"))
    assert stages == {"Ada": "in_network", "Ben": "lead"}


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"first_name": "", "last_name": "Okafor"}, "no first name"),
        ({"first_name": "Ada", "lead_source": "Facebook"}, "not a lead source"),
        ({"first_name": "Ada", "stage": "Hired"}, "not a stage"),
        ({"first_name": "Ada", "email": "ada at example.org"}, "valid email"),
        ({"first_name": "Ada", "linkedin_url": "not a link"}, "valid URL"),
        ({"first_name": "A" * 101}, "at most 100 characters"),
        ({"first_name": "Ada", "organization": "O" * 201}, "at most 200 characters"),
        ({"first_name": "Ada", "phone": "4" * 41}, "at most 40 characters"),
    ],
)
def test_a_row_that_cannot_be_a_contact_is_a_problem(owner_client, row, problem):
    content = our_csv(row, {"first_name": "Good", "email": "good@example.org"})

    marks = marks_of(owner_client, content)

    assert marks[0].status == "problem"
    assert problem in " ".join(marks[0].problems)
    assert marks[1].status == "new"


def test_a_linkedin_address_without_https_is_completed(owner_client):
    content = our_csv({"first_name": "Ada", "linkedin_url": "www.linkedin.com/in/ada"})

    import_file(owner_client, content)

    assert Contact.objects.get().linkedin_url == "https://www.linkedin.com/in/ada"


def test_unknown_extra_columns_are_ignored(owner_client):
    content = "first_name,favourite_colour,email\nAda,teal,ada@example.org\n"

    import_file(owner_client, content)

    assert Contact.objects.get().email == "ada@example.org"


def test_headings_may_be_in_another_order_and_case(owner_client):
    content = "Email,First Name,Last-Name\nada@example.org,Ada,Lovelace\n"

    import_file(owner_client, content)

    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name) == ("Ada", "Lovelace")


def test_a_csv_without_the_first_name_heading_is_refused_naming_the_headings(
    owner_client,
):
    error = upload_error(owner_client, "name,email\nAda Lovelace,ada@example.org\n")

    assert "column headings were not found" in error
    assert ",".join(transfer.COLUMNS) in error


def test_a_semicolon_separated_csv_from_a_french_spreadsheet_is_read(owner_client):
    content = "first_name;last_name;organization\nRenée;Côté;Théâtre du Rideau Vert\n"

    import_file(owner_client, content)

    assert Contact.objects.get().organization.name == "Théâtre du Rideau Vert"


def test_blank_lines_and_empty_rows_are_skipped(owner_client):
    content = "first_name,last_name\n\nAda,Lovelace\n,,\n   ,\nBen,Okri\n"

    marks = marks_of(owner_client, content)

    assert [(m.number, m.name) for m in marks] == [(3, "Ada Lovelace"), (6, "Ben Okri")]


# Encodings


def test_a_utf8_file_with_a_byte_order_mark_is_read(owner_client):
    content = "\ufefffirst_name,last_name\nHélène,Côté\n".encode()

    import_file(owner_client, content)

    assert Contact.objects.get().first_name == "Hélène"


def test_a_file_marked_utf8_but_saved_in_windows_1252_is_read(owner_client):
    content = "\ufefffirst_name\n".encode() + "Hélène\n".encode("cp1252")

    import_file(owner_client, content)

    assert Contact.objects.get().first_name == "Hélène"


def test_a_windows_1252_file_is_read(owner_client):
    content = our_csv({"first_name": "Hélène", "notes": "L’été à Montréal"})

    import_file(owner_client, content.encode("cp1252"))

    contact = Contact.objects.get()
    assert (contact.first_name, contact.notes) == ("Hélène", "L’été à Montréal")


def test_a_latin1_file_is_read(owner_client):
    content = "first_name,last_name\nJosé,Muñoz\n".encode("latin-1")

    import_file(owner_client, content)

    assert Contact.objects.get().last_name == "Muñoz"


def test_excels_utf16_unicode_text_is_read(owner_client):
    content = "first_name\tlast_name\nYuki\tTanaka\n".encode("utf-16")

    import_file(owner_client, content, "contacts.txt")

    assert Contact.objects.get().first_name == "Yuki"


# vCard


def test_a_phones_vcard_21_with_quoted_printable_is_read(owner_client, user):
    marks = marks_of(owner_client, PHONE_VCARD_21, "Contacts.vcf")

    assert [m.status for m in marks] == ["new", "new", "problem"]
    assert "no first name" in marks[2].problems[0]

    confirm(owner_client, ImportBatch.objects.get())

    elodie = Contact.objects.get(last_name="Tremblay")
    assert elodie.first_name == "Élodie"
    assert elodie.phone == "+1-514-555-0134"  # the preferred number
    assert elodie.email == "elodie.tremblay@example.org"
    assert elodie.organization.name == "Théâtre du Nouveau Monde"
    assert elodie.job_title == "Directrice de production"
    assert elodie.notes == (
        "Rencontrée au salon de l'emploi.\nAime parler de tournées.\n\n"
        "Other telephone: 514-555-0135"
    )
    assert elodie.lead_source == LeadSource.OTHER
    assert elodie.found_through == "vCard import"
    andre = Contact.objects.get(last_name="Côté")
    assert andre.first_name == "André"
    assert (andre.city, andre.region) == ("Montréal", "QC")
    assert andre.mailing_address == "12 rue Saint-Denis\nH2X 3K8\nCanada"


def test_a_vcard_30_with_folded_lines_and_escapes_is_read(owner_client):
    import_file(owner_client, MAC_VCARD_30, "Priya Singh.vcf")

    priya = Contact.objects.get()
    assert (priya.first_name, priya.last_name) == ("Priya", "Singh")
    assert priya.email == "priya.singh@example.edu"
    assert priya.job_title == "Associate Professor, Music Education"
    assert priya.organization.name == "University of Toronto"
    assert priya.phone == "(416) 555-0142"
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-singh-music"
    assert (priya.city, priya.region) == ("Toronto", "ON")
    assert priya.mailing_address == "80 Queen's Park\nM5S 2C5\nCanada"
    assert priya.notes == (
        "Taught my acoustics elective.\n"
        "Ask about the summer festival internships; she runs them.\n\n"
        "Other email: priya@example.net"
    )


def test_a_vcard_40_with_quoted_parameters_and_a_tel_uri_is_read(owner_client):
    import_file(owner_client, VCARD_40, "jonah.vcf")

    jonah = Contact.objects.get()
    assert jonah.first_name == "Jonah"
    assert jonah.email == "jonah@example.org"
    assert jonah.phone == "+1-604-555-0177"
    assert jonah.city == "Vancouver"
    assert jonah.linkedin_url == ""
    assert "Website: https://jonah.example.org" in jonah.notes
    assert "Other email: jonah.home@example.net" in jonah.notes


def test_a_vcard_21_folded_line_keeps_the_space_it_was_folded_at(owner_client):
    content = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Roy;Sam\r\n"
        "NOTE:Likes jazz\r\n and blues.\r\nEND:VCARD\r\n"
    )

    import_file(owner_client, content, "sam.vcf")

    assert Contact.objects.get().notes == "Likes jazz and blues."


def test_a_card_repeating_an_earlier_card_is_named_by_its_number(owner_client):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n"

    response = preview_of(owner_client, card * 2, "twice.vcf")

    html = response.content.decode()
    assert "duplicate of card 1" in html
    assert '<th scope="col">Card</th>' in html


def test_a_card_named_only_by_fn_is_split_into_first_and_last_name(owner_client):
    content = "BEGIN:VCARD\nVERSION:3.0\nFN:Mary Ann Smith\nN:;;;;\nEND:VCARD\n"

    import_file(owner_client, content, "a.vcf")

    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name) == ("Mary Ann", "Smith")


# Files that cannot be imported


def xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("resume.pdf", PDF_BYTES, "not a CSV or vCard file"),
        ("contacts.csv", PDF_BYTES, "not a CSV or vCard file"),
        ("photo.png", PNG_BYTES, "not a CSV or vCard file"),
        ("contacts.csv", b"first_name\x00,last\x00\n", "not a CSV or vCard file"),
        ("contacts.xlsx", xlsx_bytes(), "Save it as “CSV UTF-8”"),
        ("contacts.csv", b"", "empty"),
        ("contacts.csv", b"\n  \r\n\t\n", "empty"),
        ("contacts.csv", b"first_name,last_name,email\n", "headings but no contacts"),
        ("contacts.csv", b"first_name\n\n,\n", "headings but no contacts"),
        ("contacts.csv", b"Dear Sam,\nHere are the contacts.", "headings were not"),
        ("contacts.csv", b'first_name\n"' + b"x" * 200_000, "could not be read"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_a_clear_error(
    owner_client, name, content, message
):
    assert message in upload_error(owner_client, content, name)


def test_uploading_without_a_file_asks_for_one(owner_client):
    response = owner_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_file_over_five_megabytes_is_refused_naming_the_limit(owner_client):
    content = b"first_name\n" + b"a" * transfer.MAX_BYTES

    error = upload_error(owner_client, content)

    assert "larger than the limit of 5.0 MB" in error


@pytest.mark.parametrize("rows", [5001, 100_000])
def test_more_than_5000_rows_are_refused_naming_the_limit(owner_client, rows):
    content = "first_name\n" + "Ada\n" * rows

    error = upload_error(owner_client, content)

    assert re.search(r"more than 5\D?000 contacts", error)


def test_more_than_5000_cards_are_refused(owner_client):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n"

    error = upload_error(owner_client, card * 5001, "a.vcf")

    assert re.search(r"more than 5\D?000 contacts", error)


# Duplicates


def test_a_row_with_the_email_of_a_contact_in_any_case_is_a_duplicate(
    owner_client, user
):
    existing = ContactFactory(owner=user, first_name="Noor", email="Noor@Example.org")
    content = our_csv({"first_name": "N.", "email": "noor@EXAMPLE.org"})

    response = preview_of(owner_client, content)

    mark = response.context["page"].object_list[0]
    assert mark.status == "duplicate"
    assert mark.existing == (existing.pk, existing.full_name)
    html = response.content.decode()
    assert reverse("contacts:detail", args=[existing.pk]) in html


def test_the_same_name_at_the_same_organization_in_any_case_is_a_duplicate(
    owner_client, user
):
    organization = OrganizationFactory(owner=user, name="Massey Hall")
    ContactFactory(
        owner=user, first_name="Jordan", last_name="Lee", organization=organization
    )
    ContactFactory(owner=user, first_name="Sam", last_name="Roy", organization=None)
    content = our_csv(
        {"first_name": "JORDAN", "last_name": "lee", "organization": "massey  hall"},
        {"first_name": "sam", "last_name": "ROY"},
        {"first_name": "Jordan", "last_name": "Lee", "organization": "Roy Thomson"},
        {"first_name": "Sam", "last_name": "Roy", "organization": "Massey Hall"},
    )

    marks = marks_of(owner_client, content)

    assert [m.status for m in marks] == ["duplicate", "duplicate", "new", "new"]


def test_a_row_repeating_an_earlier_row_is_a_duplicate_of_that_row(owner_client):
    content = our_csv(
        {"first_name": "Ada", "email": "ada@example.org"},
        {"first_name": "Ben", "email": "ben@example.org"},
        {"first_name": "Adeline", "email": "ADA@example.org"},
        {"first_name": "ben", "email": "ben.other@example.org"},
        {"first_name": "Bad", "email": "nope"},
        {"first_name": "Bad", "email": "nope"},
    )

    response = preview_of(owner_client, content)

    marks = list(response.context["page"].object_list)
    assert [(m.status, m.earlier) for m in marks] == [
        ("new", None),
        ("new", None),
        ("duplicate", 2),
        ("duplicate", 3),
        ("problem", None),
        ("problem", None),
    ]
    assert "duplicate of row 2" in response.content.decode()


def test_another_users_contacts_are_not_duplicates(owner_client, other_user):
    ContactFactory(owner=other_user, first_name="Ada", email="ada@example.org")

    content = our_csv({"first_name": "Ada", "email": "ada@example.org"})

    marks = marks_of(owner_client, content)

    assert marks[0].status == "new"


def test_duplicates_are_skipped_and_left_as_they_were(owner_client, user):
    existing = ContactFactory(owner=user, email="ada@example.org", job_title="Usher")
    content = our_csv(
        {"first_name": "Ada", "email": "ada@example.org", "job_title": "Director"},
        {"first_name": "Ben", "email": "ben@example.org"},
    )

    response = import_file(owner_client, content)

    existing.refresh_from_db()
    assert existing.job_title == "Usher"
    assert Contact.objects.for_user(user).count() == 2
    assert "1 contact imported; 1 duplicate skipped." in message_of(response)


def test_duplicates_are_checked_again_when_the_import_is_confirmed(owner_client, user):
    content = our_csv(
        {"first_name": "Ada", "email": "ada@example.org"},
        {"first_name": "Ben", "email": "ben@example.org"},
    )
    upload(owner_client, content)
    # Added by hand between the preview and the confirmation.
    ContactFactory(owner=user, first_name="Ada", email="ADA@example.org")

    response = confirm(owner_client, ImportBatch.objects.get())

    assert Contact.objects.filter(email__iexact="ada@example.org").count() == 1
    assert Contact.objects.filter(first_name="Ben").exists()
    assert "1 contact imported; 1 duplicate skipped." in message_of(response)


# The preview


def test_the_preview_counts_and_marks_every_row(owner_client, user):
    ContactFactory(owner=user, first_name="Ada", last_name="L", email="ada@example.org")
    content = our_csv(
        {"first_name": "Ada", "email": "ada@example.org"},
        {"first_name": "Ben", "email": "ben@example.org"},
        {"first_name": "Cy", "email": "broken"},
    )

    response = preview_of(owner_client, content)

    assert response.context["counts"] == {"new": 1, "duplicate": 1, "problem": 1}
    html = response.content.decode()
    assert "will be created" in html
    assert "duplicate of <a" in html
    assert "problem: Email: Enter a valid email address." in html
    assert "Import 1 contact" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "style=" not in html and "<script>" not in html


def test_a_preview_with_nothing_new_offers_only_to_cancel(owner_client, user):
    ContactFactory(owner=user, email="ada@example.org")

    content = our_csv({"first_name": "A", "email": "ada@example.org"})

    response = preview_of(owner_client, content)

    html = response.content.decode()
    batch = ImportBatch.objects.get()
    assert reverse("contacts:import_confirm", args=[batch.pk]) not in html
    assert "nothing new to import" in html


def test_the_preview_shows_100_rows_a_page(owner_client):
    content = our_csv(*[{"first_name": f"Person {n}"} for n in range(250)])
    response = preview_of(owner_client, content)
    url = response.wsgi_request.path

    assert len(response.context["page"].object_list) == 100
    last = owner_client.get(url, {"page": 3}).context["page"].object_list
    assert [m.name for m in last][-1] == "Person 249"
    assert len(last) == 50


def test_the_preview_runs_as_many_queries_for_60_rows_as_for_3(owner_client, user):
    ContactFactory.create_batch(3, owner=user)

    def preview_queries(n):
        rows = [{"first_name": f"P{i}", "organization": f"Org {i}"} for i in range(n)]
        batch = batch_for(user, our_csv(*rows))
        url = reverse("contacts:import_preview", args=[batch.pk])
        return queries_for(owner_client, url)

    assert preview_queries(60) == preview_queries(3)


# Confirming and cancelling


def test_confirming_imports_the_good_rows_and_deletes_the_batch(owner_client, user):
    content = our_csv(
        {"first_name": "Ada", "organization": "Massey Hall"},
        {"first_name": "Ben", "organization": "massey hall"},
        {"first_name": "Cy", "email": "broken"},
    )
    upload(owner_client, content)

    response = confirm(owner_client, ImportBatch.objects.get())

    assert response["Location"] == reverse("contacts:list")
    names = Contact.objects.for_user(user).values_list("first_name", flat=True)
    assert sorted(names) == ["Ada", "Ben"]
    assert Organization.objects.for_user(user).get().name == "Massey Hall"
    assert not ImportBatch.objects.exists()
    message = message_of(response)
    assert "2 contacts imported; 1 row with a problem skipped." in message


def test_the_import_is_all_or_nothing(user, monkeypatch):
    content = our_csv(
        {"first_name": "Ada", "organization": "Massey Hall"},
        {"first_name": "Ben", "organization": "Roy Thomson Hall"},
    )
    batch = batch_for(user, content)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Contact.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        transfer.commit(user, batch)

    assert not Contact.objects.exists()
    assert not Organization.objects.exists()
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_the_import_runs_as_many_queries_for_60_rows_as_for_3(user):
    def commit_queries(n):
        rows = [
            {"first_name": f"P{n}-{i}", "organization": f"Org {n}-{i}"}
            for i in range(n)
        ]
        batch = batch_for(user, our_csv(*rows))
        with CaptureQueriesContext(connection) as context:
            transfer.commit(user, batch)
        return len(context.captured_queries)

    assert commit_queries(60) == commit_queries(3)
    assert Contact.objects.for_user(user).count() == 63


def test_5000_rows_are_imported_in_one_commit(owner_client, user):
    rows = [
        {
            "first_name": f"Person{n}",
            "last_name": "Example",
            "email": f"person{n}@example.org",
            "organization": f"Organization {n % 300}",
            "phone": f"+1 416 555 {n:04d}",
        }
        for n in range(5000)
    ]
    upload(owner_client, our_csv(*rows))

    response = confirm(owner_client, ImportBatch.objects.get())

    assert Contact.objects.for_user(user).count() == 5000
    assert Organization.objects.for_user(user).count() == 300
    assert "5000 contacts imported." in message_of(response)


def test_cancelling_deletes_the_batch_and_imports_nothing(owner_client, user):
    batch = batch_for(user, our_csv({"first_name": "Ada"}))

    response = owner_client.post(reverse("contacts:import_cancel", args=[batch.pk]))

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert not ImportBatch.objects.exists()
    assert not Contact.objects.exists()


def test_a_new_upload_forgets_the_users_batches_older_than_a_day(
    owner_client, user, other_user
):
    content = our_csv({"first_name": "Ada"})
    stale = batch_for(user, content)
    recent = batch_for(user, content)
    strangers = batch_for(other_user, content)
    two_days_ago = timezone.now() - timezone.timedelta(days=2)
    ImportBatch.objects.filter(pk__in=[stale.pk, strangers.pk]).update(
        created_at=two_days_ago
    )

    upload(owner_client, content)

    assert not ImportBatch.objects.filter(pk=stale.pk).exists()
    assert ImportBatch.objects.filter(pk__in=[recent.pk, strangers.pk]).count() == 2
    assert ImportBatch.objects.for_user(user).count() == 2


def test_the_import_page_offers_the_template_and_the_exports(owner_client):
    response = owner_client.get(IMPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ("import_template", "export_csv", "export_vcard"):
        assert reverse(f"contacts:{name}") in html
    assert "style=" not in html and "<script>" not in html


def test_the_template_has_our_headings_and_an_example_that_imports(owner_client):
    response = owner_client.get(reverse("contacts:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(transfer.COLUMNS)
    assert len(rows) == 2

    import_file(owner_client, response.content)

    assert Contact.objects.get().first_name == rows[1][0]


# Export


def exported(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response


def test_the_csv_export_has_every_contact_under_our_headings(owner_client, user):
    ContactFactory(owner=user, first_name="Ada", last_name="Lovelace", stage="thanked")
    ContactFactory(owner=user, first_name="Ben", last_name="Okri", organization=None)
    ContactFactory(first_name="Not mine")

    response = exported(owner_client, "contacts:export_csv")

    today = timezone.localdate().isoformat()
    disposition = response["Content-Disposition"]
    assert f'filename="infointerview-contacts-{today}.csv"' in disposition
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(transfer.COLUMNS)
    assert [r["first_name"] for r in rows] == ["Ada", "Ben"]
    assert rows[0]["stage"] == "thanked"
    assert rows[0]["organization"].startswith("Organization")
    assert rows[1]["organization"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_csv_export_neutralises_cells_a_spreadsheet_would_run(
    owner_client, user, start
):
    ContactFactory(owner=user, first_name="Ada", notes=f"{start}HYPERLINK(1)")

    response = exported(owner_client, "contacts:export_csv")

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["notes"] == f"'{start}HYPERLINK(1)"


def contact_values(user):
    return sorted(
        Contact.objects.for_user(user).values_list(
            "first_name",
            "last_name",
            "email",
            "phone",
            "organization__name",
            "job_title",
            "city",
            "region",
            "mailing_address",
            "linkedin_url",
            "notes",
        )
    )


def make_varied_contacts(user):
    ContactFactory(
        owner=user,
        first_name="=Ada",
        last_name="Lovelace, Countess",
        phone="+1 416 555 0101",
        notes="-5 degrees; bring a coat.\nSecond line, with a comma.",
        mailing_address="178 Victoria St\nToronto ON M5B 1T7",
        region="ON",
        linkedin_url="https://www.linkedin.com/in/ada",
        lead_source=LeadSource.FRIEND,
        stage=Contact.Stage.SCHEDULED,
    )
    ContactFactory(
        owner=user,
        first_name="Zoë",
        last_name="Ng",
        email="",
        organization=None,
        job_title="@home; backslash \\ here",
        notes=" ".join(["A very long note"] * 20),
    )
    ContactFactory(owner=user, first_name="Ben", last_name="", email="ben@example.org")


def test_a_csv_export_imported_again_creates_no_duplicates(owner_client, user):
    make_varied_contacts(user)
    content = exported(owner_client, "contacts:export_csv").content

    marks = marks_of(owner_client, content)

    assert [m.status for m in marks] == ["duplicate"] * 3


def test_a_csv_export_imported_elsewhere_gives_the_same_contacts(
    client, user, other_user
):
    make_varied_contacts(user)
    client.force_login(user)
    content = exported(client, "contacts:export_csv").content
    client.force_login(other_user)

    import_file(client, content)

    assert contact_values(other_user) == contact_values(user)
    stages = Contact.objects.for_user(other_user).values_list("stage", flat=True)
    assert sorted(stages) == sorted(
        Contact.objects.for_user(user).values_list("stage", flat=True)
    )
    assert Contact.objects.for_user(other_user).get(first_name="=Ada").lead_source == (
        LeadSource.FRIEND
    )


def test_the_vcard_export_is_vcard_30_folded_at_75_octets(owner_client, user):
    ContactFactory(
        owner=user,
        first_name="Zoë",
        last_name="Ng",
        job_title="Head of Ticketing; Box Office, North",
        notes="Évènements " * 20,
    )

    response = exported(owner_client, "contacts:export_vcard")

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert ".vcf" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "N:Ng;Zoë;;;\r\n" in text
    assert "TITLE:Head of Ticketing\\; Box Office\\, North\r\n" in text
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)


def test_a_vcard_export_imported_again_creates_no_duplicates(owner_client, user):
    make_varied_contacts(user)
    content = exported(owner_client, "contacts:export_vcard").content

    marks = marks_of(owner_client, content, "contacts.vcf")

    assert [m.status for m in marks] == ["duplicate"] * 3


def test_a_vcard_export_imported_elsewhere_keeps_what_a_vcard_holds(
    client, user, other_user
):
    make_varied_contacts(user)
    client.force_login(user)
    content = exported(client, "contacts:export_vcard").content
    client.force_login(other_user)

    import_file(client, content, "contacts.vcf")

    assert contact_values(other_user) == contact_values(user)


@pytest.mark.parametrize("name", ["contacts:export_csv", "contacts:export_vcard"])
def test_exports_run_as_many_queries_for_60_contacts_as_for_3(owner_client, user, name):
    ContactFactory.create_batch(3, owner=user)
    few = queries_for(owner_client, reverse(name))

    ContactFactory.create_batch(57, owner=user)
    many = queries_for(owner_client, reverse(name))

    assert many == few


# Who may do what


BATCH_VIEWS = [
    "contacts:import_preview",
    "contacts:import_confirm",
    "contacts:import_cancel",
]
ALL_VIEWS = [
    "contacts:import",
    "contacts:import_template",
    *BATCH_VIEWS,
    "contacts:export_csv",
    "contacts:export_vcard",
]


def url_of(name, batch):
    if name in BATCH_VIEWS:
        return reverse(name, args=[batch.pk])
    return reverse(name)


@pytest.mark.parametrize("name", ALL_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name):
    batch = batch_for(user, our_csv({"first_name": "Ada"}))
    url = url_of(name, batch)

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("contacts:import_preview", "get"),
        ("contacts:import_confirm", "post"),
        ("contacts:import_cancel", "post"),
    ],
)
def test_another_users_batch_is_not_found_and_left_as_it_was(
    stranger_client, user, name, method
):
    batch = batch_for(user, our_csv({"first_name": "Ada"}))

    response = getattr(stranger_client, method)(reverse(name, args=[batch.pk]))

    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.rows[0]["v"]["first_name"] == "Ada"
    assert not Contact.objects.exists()


def test_a_batch_confirmed_twice_is_imported_once(owner_client, user):
    batch = batch_for(user, our_csv({"first_name": "Ada"}))

    confirm(owner_client, batch)
    again = confirm(owner_client, batch)

    assert again.status_code == 404
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("contacts:import", "put"),
        ("contacts:import", "delete"),
        ("contacts:import_template", "post"),
        ("contacts:import_preview", "post"),
        ("contacts:import_confirm", "get"),
        ("contacts:import_cancel", "get"),
        ("contacts:export_csv", "post"),
        ("contacts:export_vcard", "post"),
    ],
)
def test_the_wrong_method_is_refused(owner_client, user, name, method):
    batch = batch_for(user, our_csv({"first_name": "Ada"}))

    response = getattr(owner_client, method)(url_of(name, batch))

    assert response.status_code == 405
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
    assert not Contact.objects.exists()


# The benchmark


def test_the_benchmark_times_an_import_and_leaves_nothing_behind(user):
    out = io.StringIO()

    call_command("benchmark_import", rows=25, stdout=out)

    output = out.getvalue()
    for step in ("parse", "preview", "commit"):
        assert re.search(rf"{step}\s+\d+\.\d+ s", output), output
    assert "25 contacts" in output
    assert list(User.objects.all()) == [user]
    assert not Contact.objects.exists()
    assert not Organization.objects.exists()
    assert not ImportBatch.objects.exists()
