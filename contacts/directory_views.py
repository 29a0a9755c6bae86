"""The career-centre directory: students search it and add people to their contacts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from contacts.directory_forms import DirectorySearchForm
from contacts.models import (
    AlreadyInContacts,
    DirectoryEntry,
    DirectoryEntryPaused,
    DirectoryLimitReached,
    EmailNotConfirmed,
)

PAGE_SIZE = 20


def _entries_for(user):
    """Active entries, with their count of students this month and the user's
    own contact made from each, in the entries' one query."""
    return (
        DirectoryEntry.objects.active()
        .select_related("organization")
        .with_added_this_month()
        .with_my_contact(user)
    )


@require_safe
def directory_list(request):
    form = DirectorySearchForm(request.GET, entries=DirectoryEntry.objects.active())
    entries = form.filter(_entries_for(request.user))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "contacts/directoryentry_list.html", {"form": form, "page": page}
    )


@require_safe
def directory_detail(request, pk):
    entry = get_object_or_404(_entries_for(request.user), pk=pk)
    return render(request, "contacts/directoryentry_detail.html", {"entry": entry})


@require_POST
def directory_add(request, pk):
    # Not active(): a page opened before staff paused the person still gets
    # an answer that says why, from add_to_contacts.
    entry = get_object_or_404(DirectoryEntry.objects.filter(is_active=True), pk=pk)
    try:
        contact = entry.add_to_contacts(request.user)
    except EmailNotConfirmed:
        messages.warning(
            request,
            _(
                "Confirm your email address first (the link is in the email we "
                "sent you): directory people give their time to students whose "
                "address is confirmed."
            ),
        )
        return redirect("directory:detail", entry.pk)
    except AlreadyInContacts as already:
        messages.info(
            request, _("%(name)s is already in your contacts.") % {"name": entry}
        )
        return redirect("contacts:detail", already.contact.pk)
    except DirectoryEntryPaused:
        messages.warning(
            request,
            _(
                "%(name)s is not taking new students for now, so they were not "
                "added. The directory has others to ask."
            )
            % {"name": entry},
        )
        return redirect("directory:list")
    except DirectoryLimitReached:
        messages.warning(
            request,
            _(
                "%(name)s has met this month's limit of new students, so they "
                "were not added. Try again next month."
            )
            % {"name": entry},
        )
        return redirect("directory:detail", entry.pk)
    messages.success(
        request,
        _("%(name)s is now in your contacts.") % {"name": entry},
    )
    return redirect("contacts:detail", contact.pk)
