from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.paginator import Paginator
from django.db import router
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.redirects import redirect_back
from contacts import timeline
from contacts.forms import ContactFilterForm, ContactForm, MergeForm, StageForm
from contacts.models import Contact, Organization

PAGE_SIZE = 25
BOARD_COLUMN_SIZE = 30
CHAIN_DEPTH = 10


def _get_contact(request, pk, *related):
    """The signed-in user's contact, or 404 (also for anyone else's)."""
    contacts = Contact.objects.for_user(request.user)
    if related:
        contacts = contacts.select_related(*related)
    return get_object_or_404(contacts, pk=pk)


@require_safe
def contact_list(request):
    form = ContactFilterForm(request.GET, owner=request.user)
    contacts = form.apply(
        Contact.objects.for_user(request.user).select_related("organization"),
        timezone.localdate(),
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/contact_list.html", {"form": form, "page": page})


@require_safe
def board(request):
    """A column per stage, each with its most recently moved contacts."""
    mine = Contact.objects.for_user(request.user)
    ranked = mine.select_related("organization").annotate(
        row=Window(
            RowNumber(),
            partition_by=F("stage"),
            order_by=[F("stage_changed_at").desc(), F("id").desc()],
        )
    )
    by_stage = {}
    for contact in ranked.filter(row__lte=BOARD_COLUMN_SIZE):
        by_stage.setdefault(contact.stage, []).append(contact)
    counts = mine.stage_counts()
    columns = [
        {
            "stage": stage,
            "label": label,
            "contacts": by_stage.get(stage, []),
            "count": counts.get(stage, 0),
        }
        for stage, label in Contact.Stage.choices
    ]
    return render(
        request,
        "contacts/contact_board.html",
        {
            "columns": columns,
            "stage_form": StageForm(),
            "column_size": BOARD_COLUMN_SIZE,
        },
    )


@require_http_methods(["GET", "POST"])
def contact_create(request):
    form = ContactForm(request.POST or None, owner=request.user)
    if form.is_valid():
        contact = _save_contact(form)
        messages.success(
            request, _("%(name)s is in your contacts.") % {"name": contact}
        )
        return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/contact_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = _get_contact(request, pk, "organization")
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if form.is_valid():
        _save_contact(form)
        messages.success(request, _("Your changes are saved."))
        return redirect("contacts:detail", contact.pk)
    return render(
        request, "contacts/contact_form.html", {"form": form, "contact": contact}
    )


def _save_contact(form):
    contact = form.save(commit=False)
    # Typing a name picks the user's organization of that name, or adds it.
    contact.organization = Organization.objects.named(
        contact.owner, form.cleaned_data["organization_name"]
    )
    contact.save()
    return contact


@require_safe
def contact_detail(request, pk):
    contact = _get_contact(
        request, pk, "organization", "referred_by", "directory_entry"
    )
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "referrers": _referral_chain_up(contact),
            "referred": _referral_tree_down(contact),
            "events": timeline.events_for(contact),
            "stage_form": StageForm(initial={"stage": contact.stage}),
        },
    )


def _referral_chain_up(contact):
    """Who referred this contact, who referred them, ... first lead first."""
    chain, seen = [], {contact.pk}
    current = contact.referred_by
    while current is not None and current.pk not in seen and len(chain) < CHAIN_DEPTH:
        chain.append(current)
        seen.add(current.pk)
        current = current.referred_by
    return list(reversed(chain))


def _referral_tree_down(contact):
    """Whom the contact referred, and whom they referred: (depth, contact) pairs.

    One query per generation, not per person.
    """
    mine = Contact.objects.for_user(contact.owner).select_related(
        "organization", "referred_by__organization"
    )
    rows, seen, generation = [], {contact.pk}, [contact.pk]
    depth = 1
    children_of = {}
    while generation and depth <= CHAIN_DEPTH:
        found = mine.filter(referred_by__in=generation).exclude(pk__in=seen)
        generation = []
        for child in found.order_by("last_name", "first_name", "id"):
            children_of.setdefault(child.referred_by_id, []).append(child)
            seen.add(child.pk)
            generation.append(child.pk)
        depth += 1

    def walk(parent_pk, level):
        for child in children_of.get(parent_pk, []):
            rows.append((min(level, 5), child))
            walk(child.pk, level + 1)

    walk(contact.pk, 0)
    return rows


@require_POST
def contact_move(request, pk):
    """Move a contact to another stage by hand (any direction)."""
    contact = _get_contact(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        contact.move_to(form.cleaned_data["stage"])
        messages.success(
            request,
            _("%(name)s is now at “%(stage)s”.")
            % {"name": contact, "stage": contact.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose a stage from the list."))
    return redirect_back(request, "contacts:detail", contact.pk)


@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    """Ask first, saying what goes with the contact; delete only on POST."""
    contact = _get_contact(request, pk)
    if request.method == "POST":
        name = str(contact)
        contact.delete()
        messages.success(request, _("%(name)s is deleted.") % {"name": name})
        return redirect("contacts:list")
    return render(
        request,
        "contacts/contact_confirm_delete.html",
        {
            "contact": contact,
            "goes_with_it": _what_goes_with(contact),
            "referral_count": contact.referrals.count(),
        },
    )


def _what_goes_with(contact):
    """[(label, count)] of the rows deleted with the contact, from any app."""
    collector = NestedObjects(using=router.db_for_write(Contact))
    collector.collect([contact])
    return sorted(
        (model._meta.verbose_name_plural, len(objects))
        for model, objects in collector.model_objs.items()
        if model is not Contact and objects
    )


@require_http_methods(["GET", "POST"])
def contact_merge(request, pk):
    """Fold a duplicate into this contact, keeping everything of both."""
    keeper = _get_contact(request, pk, "organization")
    form = MergeForm(request.POST or None, keeper=keeper)
    if form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        name = str(duplicate)
        keeper.merge(duplicate)
        messages.success(
            request,
            _("%(duplicate)s is merged into %(keeper)s.")
            % {"duplicate": name, "keeper": keeper},
        )
        return redirect("contacts:detail", keeper.pk)
    return render(
        request,
        "contacts/contact_merge.html",
        {"contact": keeper, "form": form, "likely": _likely_duplicates(keeper)},
    )


def _likely_duplicates(contact):
    """Other contacts of the user with the same email or the same name."""
    same = Contact.objects.for_user(contact.owner).exclude(pk=contact.pk)
    by_email = (
        same.filter(email__iexact=contact.email) if contact.email else same.none()
    )
    if contact.is_known_by_role:
        # The same role at the same place is likely the same person.
        by_name = same.filter(
            first_name="",
            job_title__iexact=contact.job_title,
            organization=contact.organization_id,
        )
    else:
        by_name = same.filter(
            first_name__iexact=contact.first_name,
            last_name__iexact=contact.last_name,
        )
    return (by_email | by_name).select_related("organization")[:10]
