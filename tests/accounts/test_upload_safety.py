"""Uploads that cannot be turned against us: oversized bodies, polyglots, zip tricks."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from accounts.models import Resume
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accounts:resumes")


def upload(client, name, content, **extra):
    return client.post(
        LIST_URL,
        {"label": "Arts management", "file": SimpleUploadedFile(name, content)},
        **extra,
    )


# The request body


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(
    owner_client, settings
):
    settings.MAX_REQUEST_BYTES = 1000
    with mock.patch.object(MultiPartParser, "parse") as parse:
        response = upload(owner_client, "cv.pdf", PDF_BYTES + b"%" * 2000)

    assert response.status_code == 413
    assert "larger than the limit of 1000" in response.content.decode()
    parse.assert_not_called()
    assert not Resume.objects.exists()


def test_a_claimed_content_length_over_the_limit_is_refused_even_if_the_body_is_small(
    owner_client, settings
):
    response = upload(
        owner_client,
        "cv.pdf",
        PDF_BYTES,
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )

    assert response.status_code == 413
    assert not Resume.objects.exists()


def test_a_body_within_the_limit_reaches_the_view(owner_client):
    response = upload(owner_client, "cv.pdf", PDF_BYTES)

    assert response.status_code == 302
    assert Resume.objects.get().kind == "pdf"


def test_an_unreadable_content_length_is_not_a_500(client):
    response = client.get("/", CONTENT_LENGTH="lots")

    assert response.status_code == 200


# Resumes: what claims to be a PDF


def form_errors(response):
    assert response.status_code == 200
    assert not Resume.objects.exists()
    return " ".join(response.context["form"].errors["file"]).replace("\xa0", " ")


@pytest.mark.parametrize(
    "content",
    [
        b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\n%%EOF\n",
        b"MZ\x90\x00" + b"\0" * 60 + b"%PDF-1.4" + b"\0" * 900 + b"%%EOF",
        PDF_BYTES.removesuffix(b"%%EOF\n"),  # a header and no end: not a PDF
        b"%PDF-" + b"x" * 2000,
    ],
    ids=["html", "windows-program", "no-end-of-file", "header-only"],
)
def test_a_file_that_only_mentions_pdf_is_refused_as_a_pdf(owner_client, content):
    response = upload(owner_client, "cv.pdf", content)

    assert "not a PDF" in form_errors(response)


def test_a_pdf_with_its_header_first_and_its_end_marker_last_is_accepted(owner_client):
    response = upload(owner_client, "cv.pdf", b"%PDF-2.0\n" + PDF_BYTES[9:])

    assert response.status_code == 302


# Resumes: what a Word document may hold


def docx(*extra, compression=zipfile.ZIP_DEFLATED):
    """A minimal Word document, with extra (name, content) parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", b"\x89PNG")
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_word_document_with_its_images_is_accepted(owner_client):
    response = upload(owner_client, "cv.docx", docx(("docProps/core.xml", "<cp/>")))

    assert response.status_code == 302
    assert Resume.objects.get().kind == "docx"


@pytest.mark.parametrize(
    "name",
    [
        "word/payload.exe",
        "payload.EXE",
        "word/media/run.ps1",
        "../../evil.sh",
        "word/../../evil.txt",
        "/etc/cron.d/evil",
        "word\\..\\evil.xml",
        "C:/Windows/evil.xml",
        "word/vbaProject.bin",
    ],
)
def test_a_word_document_holding_a_program_or_a_path_out_is_refused(owner_client, name):
    response = upload(owner_client, "cv.docx", docx((name, b"MZ")))

    assert "holds something a resume does not" in form_errors(response)


def test_a_zip_bomb_is_refused(owner_client):
    # 25 MB of zeros packs into about 25 KB.
    bomb = docx(("word/media/image2.png", b"\0" * (25 * 1024 * 1024)))
    assert len(bomb) < 100_000

    response = upload(owner_client, "cv.docx", bomb)

    assert "unpacks to more than 20.0 MB" in form_errors(response)


def test_a_word_document_of_too_many_parts_is_refused(owner_client):
    parts = [(f"word/media/photo{n}.png", b"\x89PNG") for n in range(200)]

    response = upload(owner_client, "cv.docx", docx(*parts))

    assert "or 200 parts" in form_errors(response)


def test_a_damaged_word_document_gets_an_error_not_a_500(owner_client):
    content = docx(compression=zipfile.ZIP_STORED)
    damaged = content.replace(b"<w:document/>", b"<w:documenX/>", 1)

    response = upload(owner_client, "cv.docx", damaged)

    assert "damaged" in form_errors(response)
