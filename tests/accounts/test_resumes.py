"""Resume versions: PDF or DOCX by content, 5 MB at most, private to their owner."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import RESUME_MAX_BYTES, Resume
from tests.factories import PDF_BYTES, ResumeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accounts:resumes")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, name, content, label="Arts management, fall"):
    return client.post(
        LIST_URL, {"label": label, "file": SimpleUploadedFile(name, content)}
    )


def test_a_pdf_resume_is_stored_privately_with_its_label(owner_client, user, settings):
    response = upload(owner_client, "My CV.pdf", PDF_BYTES)

    assert response.status_code == 302
    resume = Resume.objects.get()
    assert resume.owner == user
    assert resume.kind == "pdf"
    assert resume.size == len(PDF_BYTES)
    assert resume.original_name == "My CV.pdf"
    # A random name under the private media root, not the uploaded name.
    assert resume.file.name.startswith(f"resumes/{user.pk}/")
    assert "My CV" not in resume.file.name
    assert resume.file.path.startswith(str(settings.MEDIA_ROOT))


def test_a_docx_resume_is_accepted(owner_client):
    response = upload(owner_client, "resume.docx", docx_bytes())
    assert response.status_code == 302
    assert Resume.objects.get().kind == "docx"


def test_several_labelled_versions_are_kept(owner_client):
    upload(owner_client, "a.pdf", PDF_BYTES, label="Theatre")
    upload(owner_client, "b.docx", docx_bytes(), label="Festivals")

    response = owner_client.get(LIST_URL)

    labels = [r.label for r in response.context["resumes"]]
    assert sorted(labels) == ["Festivals", "Theatre"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("resume.pdf", b"just some text, not a PDF", "not a PDF"),
        ("resume.docx", b"PK\x03\x04 broken zip", "not a Word"),
        ("resume.docx", PDF_BYTES, "not a Word"),
        ("resume.txt", b"plain text", "PDF (.pdf) or Word (.docx)"),
        ("resume.exe", b"MZ\x90\x00", "PDF (.pdf) or Word (.docx)"),
        ("resume.pdf", b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_docx_gets_a_clear_error(
    owner_client, name, content, message
):
    response = upload(owner_client, name, content)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not Resume.objects.exists()
    assert "Arts management, fall" in response.content.decode()


def test_a_file_over_five_megabytes_is_refused(owner_client):
    content = PDF_BYTES + b"0" * RESUME_MAX_BYTES

    response = upload(owner_client, "big.pdf", content)

    assert "at most 5.0" in " ".join(response.context["form"].errors["file"])
    assert not Resume.objects.exists()


def test_a_second_resume_with_the_same_label_is_refused(owner_client, user):
    ResumeFactory(owner=user, label="Theatre")

    response = upload(owner_client, "a.pdf", PDF_BYTES, label="THEATRE")

    assert "already have a resume" in str(response.context["form"].errors["label"])
    assert Resume.objects.count() == 1


def test_the_owner_downloads_their_resume_byte_for_byte(owner_client, user):
    resume = ResumeFactory(owner=user, label="Theatre / fall")

    response = owner_client.get(reverse("accounts:resume_download", args=[resume.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    assert "Theatre _ fall.pdf" in response["Content-Disposition"]


def test_another_users_resume_is_not_found(stranger_client, user):
    resume = ResumeFactory(owner=user)

    download = reverse("accounts:resume_download", args=[resume.pk])
    delete = reverse("accounts:resume_delete", args=[resume.pk])

    assert stranger_client.get(download).status_code == 404
    assert stranger_client.post(delete).status_code == 404
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_an_unknown_resume_is_not_found(owner_client):
    url = reverse("accounts:resume_download", args=[999999])
    assert owner_client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in_for_a_resume(client, user):
    resume = ResumeFactory(owner=user)
    url = reverse("accounts:resume_download", args=[resume.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_resumes_are_not_served_under_any_public_url(client, user):
    resume = ResumeFactory(owner=user)

    assert client.get(f"/media/{resume.file.name}").status_code in (302, 404)
    assert client.get(f"/static/{resume.file.name}").status_code == 404


def test_deleting_a_resume_removes_the_row_and_the_file(
    owner_client, user, django_capture_on_commit_callbacks
):
    resume = ResumeFactory(owner=user)
    storage, name = resume.file.storage, resume.file.name
    url = reverse("accounts:resume_delete", args=[resume.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)

    assert response.status_code == 302
    assert not Resume.objects.exists()
    assert not storage.exists(name)


def test_deleting_takes_a_post_and_downloading_a_get(owner_client, user):
    resume = ResumeFactory(owner=user)
    assert (
        owner_client.get(
            reverse("accounts:resume_delete", args=[resume.pk])
        ).status_code
        == 405
    )
    assert (
        owner_client.post(
            reverse("accounts:resume_download", args=[resume.pk])
        ).status_code
        == 405
    )
    assert Resume.objects.exists()
