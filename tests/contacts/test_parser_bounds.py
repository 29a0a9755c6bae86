"""The import's parsers: linear in the file's size, refusing what no real file holds."""

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts import transfer
from contacts.models import ImportBatch

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("contacts:import")


def upload_error(client, content, name):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    return " ".join(response.context["form"].errors["file"]).replace("\xa0", " ")


def folded_card(pieces):
    """One card whose note is folded into this many lines of 30 characters."""
    fold = "\r\n " + "x" * 30
    head = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amara\r\n"
    return f"{head}NOTE:x{fold * pieces}\r\nEND:VCARD\r\n"


def soft_broken_card(pieces):
    """One vCard 2.1 card whose quoted-printable note has this many soft breaks."""
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Amara\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"
        + "a=\r\n" * pieces
        + "b\r\nEND:VCARD\r\n"
    )


def fastest(function, argument, repeat=5):
    """The shortest of a few runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return min(times)


def assert_linear(parse, small, large):
    # Joining the pieces by repeated concatenation made 10x the input cost
    # about 100x the time; linear work costs about 10x. Measured here, now,
    # so that the machine's speed does not matter.
    parse(small)  # warm up (regular expressions, caches)
    assert fastest(parse, large) < 30 * fastest(parse, small)


def test_a_folded_line_is_unfolded_in_time_linear_in_its_length():
    def notes(text):
        return transfer.read_vcards(text)[0]["v"]["notes"]

    assert notes(folded_card(3)) == "x" + "x" * 30 * 3
    assert_linear(notes, folded_card(3_000), folded_card(30_000))


def test_quoted_printable_soft_breaks_are_joined_in_time_linear_in_their_number():
    def notes(text):
        return transfer.read_vcards(text)[0]["v"]["notes"]

    assert notes(soft_broken_card(3)) == "aaab"
    assert_linear(notes, soft_broken_card(20_000), soft_broken_card(200_000))


def test_a_line_too_long_once_unfolded_is_refused_with_a_message(owner_client):
    pieces = transfer.MAX_LINE_CHARS // 30 + 1

    error = upload_error(owner_client, folded_card(pieces).encode(), "big.vcf")

    assert "Card 1 has a line longer than" in error
    assert "characters once unfolded" in error


def test_soft_breaks_beyond_the_longest_line_are_refused(owner_client):
    error = upload_error(
        owner_client, soft_broken_card(transfer.MAX_LINE_CHARS + 1).encode(), "qp.vcf"
    )

    assert "characters once unfolded" in error


def test_a_card_with_too_many_lines_is_refused_with_a_message(owner_client):
    lines = "".join(f"NOTE:{n}\r\n" for n in range(transfer.MAX_CARD_LINES))
    card = f"BEGIN:VCARD\r\nFN:Amara\r\n{lines}END:VCARD\r\n"

    error = upload_error(owner_client, card.encode(), "long.vcf")

    assert f"Card 1 has more than {transfer.MAX_CARD_LINES} lines" in error


def test_a_card_of_the_most_lines_allowed_is_read():
    lines = "".join(f"NOTE:{n}\r\n" for n in range(transfer.MAX_CARD_LINES - 1))
    card = f"BEGIN:VCARD\r\nFN:Amara\r\n{lines}END:VCARD\r\n"

    assert transfer.read_vcards(card)[0]["v"]["first_name"] == "Amara"


def test_a_csv_with_too_many_columns_is_refused_before_its_headings_are_read(
    owner_client,
):
    headings = ",".join(["first_name", *(f"c{n}" for n in range(100_000))])
    content = f"{headings}\r\n" + "Amara\r\n" * 100

    with mock.patch.object(transfer, "_heading", wraps=transfer._heading) as normalise:
        error = upload_error(owner_client, content.encode(), "wide.csv")

    assert "Row 1 has more than 100 columns" in error
    assert normalise.call_count == 0


def test_a_csv_of_the_most_columns_allowed_is_read():
    headings = ",".join(["first_name", *(f"c{n}" for n in range(99))])

    parsed = transfer.read_csv(f"{headings}\r\nAmara\r\n")

    assert parsed.rows[0]["v"]["first_name"] == "Amara"


def test_a_csv_on_one_long_line_is_refused_with_a_message(owner_client):
    content = "first_name," + "x" * (transfer.MAX_BYTES - 100)

    error = upload_error(owner_client, content.encode(), "line.csv")

    assert "could not be read as CSV" in error
