import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts import account_mail, two_factor
from accounts.forms import (
    ConfirmEmailForm,
    DeleteAccountForm,
    JourneyShareForm,
    ProfileForm,
    ResumeForm,
    SecondStepForm,
    SignupForm,
    ThrottledPasswordResetForm,
)
from accounts.models import JourneyVisit, Resume, User
from accounts.redirects import redirect_back

security_log = logging.getLogger("infointerview.security")

# The visits a student sees on the profile: the newest, enough for a term.
JOURNEY_VISITS_SHOWN = 50


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user, created = form.sign_up()
        if not account_mail.send_sign_up_email(request, user, created):
            messages.error(request, MAIL_SERVER_DOWN)
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


MAIL_SERVER_DOWN = gettext_lazy(
    "The email could not be sent just now. Sign up again in a few minutes "
    "with the same address to get it."
)


@login_not_required
@require_safe
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_email(request, uidb64, token):
    """The link emailed at sign-up. Whoever opens it signed in as the account
    confirms with a click; anyone else, with the account's password too."""
    user = _user_from_link(uidb64)
    if user is None or not account_mail.confirmation_tokens.check_token(user, token):
        return render(request, "accounts/confirm_email.html", {"expired": True})
    signed_in_as_them = request.user.is_authenticated and request.user.pk == user.pk
    form = None
    if not signed_in_as_them:
        form = ConfirmEmailForm(request.POST or None, request=request, user=user)
    if request.method == "POST" and (form is None or form.is_valid()):
        user.confirm_email()
        if not signed_in_as_them:
            login(request, form.user)
        messages.success(
            request,
            _("Your address is confirmed, %(name)s. Start with your self-assessment.")
            % {"name": user.display_name},
        )
        return redirect("accounts:profile")
    return render(
        request, "accounts/confirm_email.html", {"form": form, "account": user}
    )


def _user_from_link(uidb64):
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        return User.objects.get(pk=pk, is_active=True)
    except (ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None


@require_POST
def confirm_email_again(request):
    """The confirmation link once more, to the signed-in student's address."""
    if request.user.email_confirmed:
        messages.info(request, _("Your address is already confirmed."))
    elif account_mail.send_confirmation(request, request.user):
        messages.success(
            request,
            _("A new confirmation link is on its way to %(email)s.")
            % {"email": request.user.email},
        )
    else:
        messages.error(
            request, _("The email could not be sent just now. Try again later.")
        )
    return redirect_back(request, "accounts:profile")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, within the hourly limits on account emails, with links to
    the site's own address."""

    form_class = ThrottledPasswordResetForm

    def form_valid(self, form):
        form.save(
            request=self.request,
            subject_template_name=self.subject_template_name,
            email_template_name=self.email_template_name,
            from_email=self.from_email,
            **account_mail.link_to_the_site(self.request),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's; a reset also proves the address is the student's, and is
    logged."""

    def form_valid(self, form):
        response = super().form_valid(form)
        self.user.confirm_email()
        security_log.info(
            "Password reset done for user %s from %s",
            self.user.pk,
            account_mail.client_address(self.request),
        )
        return response


@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return _render_profile(request, form=form)


def _render_profile(request, form=None, share_form=None):
    return render(
        request,
        "accounts/profile_form.html",
        {
            "form": form or ProfileForm(instance=request.user),
            "share_form": share_form or JourneyShareForm(user=request.user),
            "journey_visits": JourneyVisit.objects.for_user(request.user)[
                :JOURNEY_VISITS_SHOWN
            ],
        },
    )


@require_POST
def journey_share(request):
    """Share the journey with the career centre, or change its last day."""
    share_form = JourneyShareForm(request.POST, user=request.user)
    if not share_form.is_valid():
        return _render_profile(request, share_form=share_form)
    until = share_form.cleaned_data["until"]
    request.user.share_journey(until=until)
    if until:
        messages.success(
            request,
            _(
                "Career-centre staff can read your journey until the end of "
                "%(day)s. You see here each time they open it."
            )
            % {"day": date_format(until, "DATE_FORMAT")},
        )
    else:
        messages.success(
            request,
            _(
                "Career-centre staff can read your journey until you stop "
                "sharing it. You see here each time they open it."
            ),
        )
    return redirect(reverse("accounts:profile") + "#journey-sharing")


@require_POST
def journey_stop(request):
    request.user.stop_sharing_journey()
    messages.success(
        request, _("You no longer share your journey: staff cannot open it.")
    )
    return redirect(reverse("accounts:profile") + "#journey-sharing")


@login_not_required
@require_safe
def privacy(request):
    """What career-centre staff can see, for students and for the curious."""
    return render(
        request,
        "accounts/privacy.html",
        {"min_students": settings.REPORTS_MIN_STUDENTS},
    )


@require_http_methods(["GET", "POST"])
def resumes(request):
    """The user's resume versions, and the form to upload another."""
    form = ResumeForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        resume = form.save()
        messages.success(
            request, _("“%(label)s” is uploaded.") % {"label": resume.label}
        )
        return redirect("accounts:resumes")
    return render(
        request,
        "accounts/resume_list.html",
        {"form": form, "resumes": Resume.objects.for_user(request.user)},
    )


@require_safe
def resume_download(request, pk):
    resume = get_object_or_404(Resume.objects.for_user(request.user), pk=pk)
    try:
        handle = resume.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=resume.download_name)


@require_POST
def resume_delete(request, pk):
    resume = get_object_or_404(Resume.objects.for_user(request.user), pk=pk)
    storage, name = resume.file.storage, resume.file.name
    with transaction.atomic():
        resume.delete()
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: storage.delete(name))
    messages.success(request, _("“%(label)s” is deleted.") % {"label": resume.label})
    return redirect("accounts:resumes")


@require_POST
def calendar_feed_renew(request):
    """Create the private calendar feed, or give it a new secret address."""
    had_feed = request.user.has_calendar_feed
    request.user.renew_calendar_token()
    if had_feed:
        messages.success(
            request,
            _(
                "Your calendar feed has a new address and the old one no longer "
                "works. Subscribe to the new address in your calendar program."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Your calendar feed is ready. Copy its address into your "
                "calendar program."
            ),
        )
    return redirect("accounts:profile")


@require_POST
def calendar_feed_revoke(request):
    request.user.revoke_calendar_token()
    messages.success(
        request,
        _(
            "Your calendar feed is stopped. Calendars subscribed to it get no "
            "more updates; you can remove the subscription from them."
        ),
    )
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete the account and everything in it, once the password is given."""
    if request.user.is_staff:
        # A staff account is the career centre's, not its holder's to remove:
        # another staff member deactivates or deletes it in the admin.
        messages.error(
            request,
            _(
                "A career-centre staff account cannot delete itself. Ask another "
                "staff member to deactivate it in the admin."
            ),
        )
        return redirect("accounts:profile")
    form = DeleteAccountForm(request.POST or None, request=request)
    if not form.is_valid():
        return render(request, "accounts/account_confirm_delete.html", {"form": form})
    user = request.user
    logout(request)
    user.delete_with_files()
    return render(request, "accounts/account_deleted.html")


@require_http_methods(["GET", "POST"])
def second_step(request):
    """A staff member's second step of signing in (accounts/two_factor.py):
    the first time, enrol an authenticator app; after that, a code from it."""
    if not request.user.is_staff:
        raise Http404
    next_url = two_factor.safe_next(request)
    if two_factor.is_verified(request.user):
        return redirect(next_url)
    device = two_factor.confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        device = two_factor.device_to_enrol(request.user)
    form = SecondStepForm(request.POST or None)
    if form.is_valid():
        waiting = two_factor.seconds_to_wait(device)
        if two_factor.check_code(request, device, form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", _wrong_code(waiting))
    context = {"form": form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        context |= {
            "qr_code": two_factor.qr_code(device),
            "secret": two_factor.secret_for_typing(device),
        }
    return render(request, "accounts/second_step.html", context)


def _wrong_code(seconds_to_wait):
    if not seconds_to_wait:
        return _("That is not the code your app shows now. Try again.")
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second, then enter "
        "the code your app shows.",
        "Too many wrong codes in a row: wait %(seconds)d seconds, then enter "
        "the code your app shows.",
        seconds_to_wait,
    ) % {"seconds": seconds_to_wait}
