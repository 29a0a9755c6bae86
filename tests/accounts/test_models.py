import io
import zipfile
import zoneinfo

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import (
    RESUME_MAX_BYTES,
    Province,
    Resume,
    User,
    resume_upload_to,
    validate_time_zone,
)
from accounts.resumes import check_resume_file, sniff_kind
from tests.factories import PASSWORD, PDF_BYTES, ResumeFactory

pytestmark = pytest.mark.django_db


def docx_bytes(parts=("[Content_Types].xml", "word/document.xml")):
    """The smallest zip that has the parts of a Word document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in parts:
            archive.writestr(name, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def error_code(excinfo):
    return excinfo.value.error_list[0].code


# The user and the manager


def test_create_user_stores_the_email_in_lower_case_without_spaces():
    user = User.objects.create_user("  Olivia.Chen@Example.COM ", PASSWORD)

    user.refresh_from_db()
    assert user.email == "olivia.chen@example.com"


def test_create_user_makes_an_ordinary_user_with_the_password():
    user = User.objects.create_user("olivia@example.com", PASSWORD)

    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert not user.is_superuser


def test_create_user_without_a_password_leaves_it_unusable():
    user = User.objects.create_user("olivia@example.com")

    assert not user.has_usable_password()


@pytest.mark.parametrize("email", ["", None, "   "])
def test_create_user_requires_an_email(email):
    with pytest.raises(ValueError):
        User.objects.create_user(email, PASSWORD)

    assert not User.objects.exists()


def test_create_user_keeps_the_extra_profile_fields():
    user = User.objects.create_user(
        "olivia@example.com", PASSWORD, program="Arts Management", province="BC"
    )

    assert (user.program, user.province) == ("Arts Management", "BC")


def test_create_superuser_makes_a_staff_superuser():
    user = User.objects.create_superuser("Admin@Example.com", PASSWORD)

    assert user.is_staff
    assert user.is_superuser
    assert user.email == "admin@example.com"


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_create_superuser_refuses_to_make_a_superuser_without_its_powers(flag):
    with pytest.raises(ValueError):
        User.objects.create_superuser("admin@example.com", PASSWORD, **{flag: False})

    assert not User.objects.exists()


def test_acreate_user_creates_a_user_from_async_code():
    user = async_to_sync(User.objects.acreate_user)("Async@Example.com", PASSWORD)

    assert User.objects.get(pk=user.pk).email == "async@example.com"
    assert user.check_password(PASSWORD)
    assert not user.is_staff


def test_acreate_superuser_creates_a_superuser_from_async_code():
    user = async_to_sync(User.objects.acreate_superuser)("root@example.com", PASSWORD)

    assert user.is_staff
    assert user.is_superuser


def test_get_by_natural_key_finds_the_user_whatever_the_case(user):
    assert User.objects.get_by_natural_key("OWNER@Example.Com") == user


def test_get_by_natural_key_does_not_find_an_unknown_email(user):
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("nobody@example.com")


def test_a_user_signs_in_with_their_email_in_any_case(user, rf):
    # With the request: django-axes counts each attempt against its sender.
    request = rf.post("/accounts/login/")
    assert authenticate(request, email="Owner@EXAMPLE.com", password=PASSWORD) == user
    assert authenticate(request, email="owner@example.com", password="wrong") is None


def test_two_accounts_cannot_have_emails_that_differ_only_in_case(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Owner@Example.com")


def test_full_clean_lowers_the_email():
    user = User(email="New.Person@Example.COM", password="x")

    user.full_clean()

    assert user.email == "new.person@example.com"


def test_full_clean_refuses_an_email_already_taken_in_other_capitals(user):
    twin = User(email="OWNER@example.com", password="x")

    with pytest.raises(ValidationError) as excinfo:
        twin.full_clean()

    assert "email" in excinfo.value.message_dict


def test_the_case_insensitive_email_rule_has_a_readable_message(user):
    User.objects.filter(pk=user.pk).update(email="Owner@Example.com")
    twin = User(email="OWNER@EXAMPLE.COM", password="x")

    with pytest.raises(ValidationError) as excinfo:
        twin.validate_constraints()

    assert "An account with this email already exists." in str(excinfo.value)


@pytest.mark.parametrize("year", [None, 1950, 2027, 2100])
def test_a_plausible_or_missing_graduation_year_is_stored(user, year):
    User.objects.filter(pk=user.pk).update(graduation_year=year)

    user.refresh_from_db()
    assert user.graduation_year == year


@pytest.mark.parametrize("year", [1949, 2101])
def test_the_database_refuses_an_implausible_graduation_year(user, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(graduation_year=year)


@pytest.mark.parametrize("year", [1949, 2101])
def test_full_clean_refuses_an_implausible_graduation_year(user, year):
    user.graduation_year = year

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert "graduation_year" in excinfo.value.message_dict


def test_the_province_defaults_to_ontario():
    assert User.objects.create_user("new@example.com").province == Province.ON


def test_the_database_refuses_a_province_that_does_not_exist(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(province="XX")


def test_full_clean_refuses_a_province_that_does_not_exist(user):
    user.province = "XX"

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert "province" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "value", ["America/Toronto", "America/Vancouver", "America/St_Johns", "UTC"]
)
def test_a_real_time_zone_is_accepted(value):
    validate_time_zone(value)


@pytest.mark.parametrize(
    "value",
    [
        "Mars/Olympus_Mons",
        "america/toronto ",
        "America",  # a folder of zones, not a zone
        "../../etc/passwd",
        "/etc/localtime",
        "",
    ],
)
def test_something_that_is_not_a_time_zone_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_time_zone(value)

    assert error_code(excinfo) == "invalid"


def test_full_clean_refuses_a_user_time_zone_that_does_not_exist(user):
    user.time_zone = "Mars/Olympus_Mons"

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert "time_zone" in excinfo.value.message_dict


def test_a_new_user_lives_in_toronto_time():
    user = User.objects.create_user("new@example.com")

    assert user.zone == zoneinfo.ZoneInfo("America/Toronto")


def test_the_users_zone_follows_their_time_zone(user):
    user.time_zone = "America/Vancouver"

    assert user.zone == zoneinfo.ZoneInfo("America/Vancouver")


@pytest.mark.parametrize("stored", ["Mars/Olympus_Mons", "America"])
def test_a_bad_stored_time_zone_falls_back_to_toronto(user, stored):
    user.time_zone = stored

    assert user.zone == zoneinfo.ZoneInfo("America/Toronto")


def test_target_occupations_are_read_one_a_line_without_blanks(user):
    user.target_occupations = "Theatre manager\n\n  Stage manager  \n"

    assert user.target_occupation_list == ["Theatre manager", "Stage manager"]


def test_the_display_name_falls_back_to_the_email():
    user = User(email="quiet@example.com")

    assert user.display_name == "quiet@example.com"
    assert str(user) == "quiet@example.com"


# Resumes


def test_a_user_cannot_have_two_resumes_with_the_same_label_in_any_case(user):
    ResumeFactory(owner=user, label="Arts management, fall")

    with pytest.raises(IntegrityError), transaction.atomic():
        ResumeFactory(owner=user, label="ARTS MANAGEMENT, FALL")


def test_two_users_may_use_the_same_resume_label(user, other_user):
    ResumeFactory(owner=user, label="Fall")
    ResumeFactory(owner=other_user, label="Fall")

    assert Resume.objects.filter(label="Fall").count() == 2


def test_a_duplicate_resume_label_has_a_readable_message(user):
    ResumeFactory(owner=user, label="Fall")
    twin = Resume(owner=user, label="fall", kind="pdf", size=10)

    with pytest.raises(ValidationError) as excinfo:
        twin.validate_constraints()

    assert "You already have a resume with this label." in str(excinfo.value)


@pytest.mark.parametrize("size", [1, RESUME_MAX_BYTES])
def test_a_resume_from_one_byte_to_five_megabytes_is_stored(user, size):
    resume = ResumeFactory(owner=user, size=size)

    assert Resume.objects.get(pk=resume.pk).size == size


@pytest.mark.parametrize("size", [0, RESUME_MAX_BYTES + 1])
def test_the_database_refuses_an_empty_or_oversized_resume(user, size):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResumeFactory(owner=user, size=size)


def test_the_database_refuses_a_resume_that_is_neither_pdf_nor_docx(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResumeFactory(owner=user, kind="txt")


def test_a_docx_resume_is_stored(user):
    resume = ResumeFactory(owner=user, kind=Resume.Kind.DOCX)

    assert Resume.objects.get(pk=resume.pk).kind == "docx"


def test_a_resume_file_name_reveals_neither_the_user_nor_the_original_name(user):
    resume = Resume(owner=user)

    first = resume_upload_to(resume, "Olivia Chen CV.PDF")
    second = resume_upload_to(resume, "Olivia Chen CV.PDF")

    assert first.startswith(f"resumes/{user.pk}/")
    assert first.endswith(".pdf")
    assert "Olivia" not in first
    assert first != second


def test_a_resume_downloads_under_a_name_built_from_its_label():
    resume = Resume(label="Arts / management: fall", kind=Resume.Kind.DOCX)

    assert resume.download_name == "Arts _ management_ fall.docx"


def test_a_resume_label_of_symbols_only_downloads_as_resume():
    assert Resume(label="  ", kind="pdf").download_name == "resume.pdf"


# Rows that belong to a user


def test_for_user_returns_only_that_users_rows(user, other_user):
    mine = ResumeFactory(owner=user)
    ResumeFactory(owner=other_user)

    assert list(Resume.objects.for_user(user)) == [mine]


def test_for_user_returns_nothing_for_an_anonymous_visitor(user):
    ResumeFactory(owner=user)

    assert not Resume.objects.for_user(AnonymousUser()).exists()


def test_for_user_returns_nothing_for_a_user_without_rows(user, other_user):
    ResumeFactory(owner=user)

    assert not Resume.objects.for_user(other_user).exists()


# Checking an uploaded resume


def test_a_real_pdf_is_accepted():
    assert check_resume_file(upload("resume.pdf", PDF_BYTES)) == Resume.Kind.PDF


def test_a_real_docx_is_accepted():
    assert check_resume_file(upload("resume.docx", docx_bytes())) == Resume.Kind.DOCX


def test_the_extension_may_be_in_capitals():
    assert check_resume_file(upload("RESUME.PDF", PDF_BYTES)) == Resume.Kind.PDF


def test_a_pdf_header_after_some_leading_bytes_is_not_a_pdf():
    # Readers that allow it would open an HTML page that mentions "%PDF-".
    assert sniff_kind(upload("resume.pdf", b"\n" * 100 + PDF_BYTES)) is None


def test_sniffing_leaves_the_file_at_its_start():
    uploaded = upload("resume.docx", docx_bytes())

    sniff_kind(uploaded)

    assert uploaded.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"Olivia Chen\nArts Management\n",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        docx_bytes(),
    ],
    ids=["text", "png", "docx"],
)
def test_a_pdf_name_on_other_content_is_refused(content):
    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.pdf", content))

    assert error_code(excinfo) == "wrong_content"


def test_a_zip_named_docx_without_a_word_document_is_refused():
    content = docx_bytes(parts=("[Content_Types].xml", "xl/workbook.xml"))

    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.docx", content))

    assert error_code(excinfo) == "wrong_content"


def test_a_broken_zip_named_docx_is_refused():
    content = docx_bytes()[:40]

    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.docx", content))

    assert error_code(excinfo) == "wrong_content"


def test_a_pdf_named_docx_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.docx", PDF_BYTES))

    assert error_code(excinfo) == "wrong_content"


@pytest.mark.parametrize("name", ["resume.txt", "resume.doc", "resume", "pdf"])
def test_a_file_that_is_not_named_pdf_or_docx_is_refused(name):
    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload(name, PDF_BYTES))

    assert error_code(excinfo) == "wrong_extension"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.pdf", b""))

    assert error_code(excinfo) == "empty"


def test_a_file_over_five_megabytes_is_refused():
    content = PDF_BYTES + b"\0" * (RESUME_MAX_BYTES + 1 - len(PDF_BYTES))

    with pytest.raises(ValidationError) as excinfo:
        check_resume_file(upload("resume.pdf", content))

    assert error_code(excinfo) == "too_big"


def test_a_file_of_exactly_five_megabytes_is_accepted():
    # Padded inside, as a comment line, so the end-of-file marker stays last.
    padding = b"%" + b"0" * (RESUME_MAX_BYTES - len(PDF_BYTES) - 2) + b"\n"
    content = PDF_BYTES[:9] + padding + PDF_BYTES[9:]

    assert check_resume_file(upload("resume.pdf", content)) == Resume.Kind.PDF
