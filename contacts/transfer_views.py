"""Import contacts from a file (upload, preview, confirm) and export them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from contacts import transfer
from contacts.models import Contact, ImportBatch
from contacts.transfer_forms import ImportForm

PREVIEW_PAGE_SIZE = 100


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _exported_contacts(user):
    return (
        Contact.objects.for_user(user)
        .select_related("organization")
        .order_by("last_name", "first_name", "id")
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
    else:
        form = ImportForm()
    if form.is_bound and form.is_valid():
        name = form.cleaned_data["file"].name
        batch = transfer.start_batch(request.user, name, form.parsed)
        return redirect("contacts:import_preview", batch.pk)
    return render(request, "contacts/import_form.html", {"form": form})


@require_safe
def import_template(request):
    return _download(
        transfer.template_csv(), "text/csv", "infointerview-contacts-template.csv"
    )


@require_safe
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk)
    judgement = transfer.judge(request.user, batch.rows)
    page = Paginator(judgement.marks, PREVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"batch": batch, "counts": judgement.counts, "page": page}
    return render(request, "contacts/import_preview.html", context)


@require_POST
def import_confirm(request, pk):
    with transaction.atomic():
        # Locked, so that a second click waits and then finds it gone.
        batches = ImportBatch.objects.for_user(request.user).select_for_update()
        batch = get_object_or_404(batches, pk=pk)
        counts = transfer.commit(request.user, batch)
    messages.success(request, transfer.summary(counts))
    return redirect("contacts:list")


@require_POST
def import_cancel(request, pk):
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk)
    batch.delete()
    messages.info(request, _("The import is cancelled; nothing was imported."))
    return redirect("contacts:import")


@require_safe
def export_csv(request):
    content = transfer.contacts_csv(_exported_contacts(request.user))
    return _download(content, "text/csv", transfer.export_filename("csv"))


@require_safe
def export_vcard(request):
    content = transfer.contacts_vcard(_exported_contacts(request.user))
    return _download(content, "text/vcard", transfer.export_filename("vcf"))
