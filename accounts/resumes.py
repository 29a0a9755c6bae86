"""Telling a real PDF or Word document from a file that only claims to be one."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import RESUME_MAX_BYTES, Resume

# The parts every Word document (Office Open XML) has.
_DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}


def sniff_kind(uploaded):
    """The kind the content says the file is ("pdf", "docx"), or None."""
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    # PDF readers accept a header anywhere in the first kilobyte.
    if b"%PDF-" in head:
        return Resume.Kind.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if names >= _DOCX_PARTS:
            return Resume.Kind.DOCX
    return None


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
    return kind
