from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from contacts.models import Contact, DirectoryEntry

PAGE_SIZE = 25


@require_safe
def contact_list(request):
    contacts = (
        Contact.objects.for_user(request.user)
        .select_related("organization")
        .order_by("last_name", "first_name", "id")
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/contact_list.html", {"page": page})


@require_safe
def directory(request):
    """The career centre's directory of people who give information interviews."""
    entries = DirectoryEntry.objects.active().select_related("organization")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/directoryentry_list.html", {"page": page})
