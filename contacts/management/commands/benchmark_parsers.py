"""Time the import's parsers on the files an attacker would send, and ordinary ones.

    python manage.py benchmark_parsers

Each file is just under the upload limit (transfer.MAX_BYTES) so that it
reaches the parser. A file the parser refuses is timed up to the refusal.
Nothing is written to the database.
"""

import time

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from contacts import transfer

SIZE = transfer.MAX_BYTES - 1024


def _fill(head, piece, tail=""):
    """head + piece repeated + tail, just under SIZE characters (ASCII)."""
    count = (SIZE - len(head) - len(tail)) // len(piece)
    return head + piece * count + tail


def folded_vcard():
    return _fill("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amara\r\nNOTE:x", "\r\n x")


def soft_break_vcard():
    return _fill(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Amara\r\nNOTE;ENCODING=QUOTED-PRINTABLE:",
        "a=\r\n",
    )


def wide_csv():
    headings = ",".join(["first_name", *(f"c{n}" for n in range(100_000))])
    # Each row is matched against every heading: rows times columns.
    return headings + "\r\n" + "Amara\r\n" * transfer.MAX_ROWS


def single_line_csv():
    return _fill("first_name,", "x")


def single_line_of_cells_csv():
    return _fill("first_name,", "x,")


def ordinary_csv():
    note = "Met at the fall fair; " * 40
    record = f"Amara,Okafor,Stage manager,,Soulpepper,Toronto,ON,,,,,,,,{note}\r\n"
    count = min(transfer.MAX_ROWS, SIZE // len(record))
    return ",".join(transfer.COLUMNS) + "\r\n" + record * count


def ordinary_vcard():
    note = "Met at the fall fair\\; " * 30
    folded_note = transfer._fold_line("NOTE:" + note)
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Amara;;;\r\nFN:Amara Okafor\r\n"
        f"ORG:Soulpepper\r\nEMAIL:amara@example.org\r\n{folded_note}\r\nEND:VCARD\r\n"
    )
    count = min(transfer.MAX_ROWS, SIZE // len(card))
    return card * count


SHAPES = {
    "vCard, 5 MB of folded lines": (folded_vcard, "contacts.vcf"),
    "vCard, 5 MB of quoted-printable soft breaks": (soft_break_vcard, "qp.vcf"),
    "CSV, 100,001 headings": (wide_csv, "wide.csv"),
    "CSV, 5 MB on one line": (single_line_csv, "line.csv"),
    "CSV, 5 MB on one line of cells": (single_line_of_cells_csv, "cells.csv"),
    "CSV, ordinary (5,000 rows)": (ordinary_csv, "contacts.csv"),
    "vCard, ordinary (5,000 cards)": (ordinary_vcard, "contacts.vcf"),
}


class Command(BaseCommand):
    help = "Time the contact import's parsers on pathological and ordinary files."

    def handle(self, *args, **options):
        for label, (build, name) in SHAPES.items():
            data = build().encode()
            upload = SimpleUploadedFile(name, data)
            started = time.perf_counter()
            try:
                outcome = f"{len(transfer.read_upload(upload).rows)} rows"
            except ValidationError as error:
                outcome = f"refused: {' '.join(error.messages)[:90]}"
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{label:<46} {len(data) / 1e6:5.2f} MB {elapsed:7.2f} s  {outcome}"
            )
