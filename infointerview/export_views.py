"""The student's "Download all my data": see infointerview/export.py."""

from django.http import FileResponse
from django.views.decorators.http import require_safe

from infointerview import export as archive


@require_safe
def export(request):
    response = FileResponse(
        archive.build_archive(request.user),
        as_attachment=True,
        filename=archive.archive_filename(),
        content_type="application/zip",
    )
    # Everything the student owns: no cache along the way may keep a copy.
    response["Cache-Control"] = "no-store"
    return response
