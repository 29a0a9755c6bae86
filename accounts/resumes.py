"""Telling a real PDF or Word document from a file that only claims to be one."""

import re
import zipfile
import zlib
from pathlib import PurePath, PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import RESUME_MAX_BYTES, Resume

# The parts every Word document (Office Open XML) has.
_DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}
# A PDF reader looks for the end-of-file marker in the last kilobyte.
_PDF_TAIL_BYTES = 1024
# Far more than a resume holds (a few dozen parts, well under 5 MB unpacked):
# a zip bomb or an archive in disguise is refused before Word ever opens it.
DOCX_MAX_ENTRIES = 200
DOCX_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# No part of a Word document is a program; a macro lives in vbaProject.bin.
_PROGRAM_SUFFIXES = {
    ".exe", ".dll", ".bat", ".cmd", ".sh", ".js", ".vbs", ".ps1", ".msi", ".com",
    ".scr", ".jar", ".hta", ".lnk",
}  # fmt: skip
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # a compression method zipfile does not know
)


def sniff_kind(uploaded):
    """The kind the content says the file is ("pdf", "docx"), or None.

    A PDF must start with its header and end with its end-of-file marker:
    readers that find a header anywhere in the first kilobyte would open an
    HTML page or a program that only mentions "%PDF-". (Parsing the whole
    PDF would need a PDF library at run time; this structural check does not.)
    """
    uploaded.seek(0)
    head = uploaded.read(1024)
    if re.match(rb"%PDF-[12]\.\d", head):
        uploaded.seek(max(0, uploaded.size - _PDF_TAIL_BYTES))
        tail = uploaded.read(_PDF_TAIL_BYTES)
        uploaded.seek(0)
        return Resume.Kind.PDF if b"%%EOF" in tail else None
    uploaded.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except _ZIP_ERRORS:
            return None
        finally:
            uploaded.seek(0)
        if names >= _DOCX_PARTS:
            return Resume.Kind.DOCX
    return None


def check_docx_parts(uploaded):
    """Raise a ValidationError unless the Word document holds only a document.

    The sizes are judged first from the archive's own headers; every part is
    then read (never extracted) in chunks, which zipfile stops at the size
    its header claims and checks against its CRC, so a header that lies is
    caught too.
    """
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES or (
                sum(entry.file_size for entry in entries) > DOCX_MAX_UNPACKED_BYTES
            ):
                raise _too_big_unpacked()
            for entry in entries:
                if not _is_document_part(entry.filename):
                    raise ValidationError(
                        _(
                            "This Word document holds something a resume does "
                            "not: macros, a program or a file outside the "
                            "document. Save it again as a plain .docx and "
                            "upload that."
                        ),
                        code="unsafe_docx",
                    )
            unpacked = 0
            for entry in entries:
                with archive.open(entry) as part:
                    while chunk := part.read(64 * 1024):
                        unpacked += len(chunk)
                        if unpacked > DOCX_MAX_UNPACKED_BYTES:
                            raise _too_big_unpacked()
    except _ZIP_ERRORS:
        raise ValidationError(
            _(
                "This Word document is damaged and cannot be opened. Save it "
                "again as .docx and upload that."
            ),
            code="damaged_docx",
        ) from None
    finally:
        uploaded.seek(0)


def _is_document_part(name):
    path = PurePosixPath(name)
    return not (
        name.startswith("/")
        or "\\" in name
        or ":" in name
        or ".." in path.parts
        or path.suffix.lower() in _PROGRAM_SUFFIXES
        or path.name.lower() == "vbaproject.bin"
    )


def _too_big_unpacked():
    return ValidationError(
        _(
            "This Word document unpacks to more than %(size)s or %(count)s parts, "
            "far more than a resume. Save it again as .docx and upload that."
        ),
        code="docx_too_big",
        params={
            "size": filesizeformat(DOCX_MAX_UNPACKED_BYTES),
            "count": DOCX_MAX_ENTRIES,
        },
    )


def check_resume_file(uploaded):
    """Return the file's kind, or raise a ValidationError that says what is wrong."""
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > RESUME_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a resume can be at most %(limit)s."),
            code="too_big",
            params={
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(RESUME_MAX_BYTES),
            },
        )
    suffix = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    if suffix not in Resume.Kind.values:
        raise ValidationError(
            _("Upload a PDF (.pdf) or Word (.docx) file."), code="wrong_extension"
        )
    kind = sniff_kind(uploaded)
    if kind != suffix:
        raise ValidationError(
            _(
                "This file is named .%(suffix)s but its content is not a %(kind)s "
                "document. Save it again as PDF or DOCX and upload that."
            ),
            code="wrong_content",
            params={"suffix": suffix, "kind": Resume.Kind(suffix).label},
        )
    if kind == Resume.Kind.DOCX:
        check_docx_parts(uploaded)
    return kind
