import base64
import contextlib
import datetime
import functools
import os
import secrets
import uuid
import zoneinfo
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "America/Toronto"


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    # OSError: a folder of zones such as "America" is found but cannot be read.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            _("%(value)s is not a time zone."), code="invalid", params={"value": value}
        ) from None


class EmailUserManager(UserManager):
    """Users are known by their email address; there is no username."""

    use_in_migrations = True

    def _build_user(self, email, password, **extra_fields):
        email = self.normalize_email(email)
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        return user

    def _create_user(self, email, password, **extra_fields):
        user = self._build_user(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    async def _acreate_user(self, email, password, **extra_fields):
        user = self._build_user(email, password, **extra_fields)
        await user.asave(using=self._db)
        return user

    @classmethod
    def normalize_email(cls, email):
        # Stored in lower case, so that one person cannot end up with two
        # accounts that differ only in capitals.
        return (email or "").strip().lower()

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    async def acreate_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return await self._acreate_user(email, password, **extra_fields)

    @staticmethod
    def _superuser_fields(extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True:
            raise ValueError("Superuser must have is_staff=True.")
        if extra_fields.get("is_superuser") is not True:
            raise ValueError("Superuser must have is_superuser=True.")
        return extra_fields

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields = self._superuser_fields(extra_fields)
        return self._create_user(email, password, **extra_fields)

    async def acreate_superuser(self, email, password=None, **extra_fields):
        extra_fields = self._superuser_fields(extra_fields)
        return await self._acreate_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def sharing_journey(self, now=None):
        """The students who share their journey with the career centre now.

        The end of a share depends on each student's own zone, so the database
        narrows the rows and User.is_sharing_journey has the last word.
        """
        now = now or timezone.now()
        # No zone is more than a day from UTC: a share whose last day is
        # before yesterday in UTC has ended everywhere.
        earliest = now.astimezone(datetime.UTC).date() - datetime.timedelta(days=1)
        candidates = self.filter(
            models.Q(journey_shared_until__isnull=True)
            | models.Q(journey_shared_until__gte=earliest),
            journey_shared_at__isnull=False,
            is_active=True,
            is_staff=False,
        ).order_by("last_name", "first_name", "id")
        return [student for student in candidates if student.is_sharing_journey(now)]


class User(AbstractUser):
    """A student or job seeker (or, with is_staff, a career-centre staff member).

    The profile and the self-assessment live here rather than in a separate
    table: every page needs them and a one-to-one would only add a join.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)

    program = models.CharField(_("program of study"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    province = models.CharField(
        _("province or territory"),
        max_length=2,
        choices=Province.choices,
        default=Province.ON,
        help_text=_("Used for statutory holidays when counting business days."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
    )

    interests = models.TextField(
        _("interests"), blank=True, help_text=_("What you enjoy and are curious about.")
    )
    strengths = models.TextField(
        _("strengths"), blank=True, help_text=_("Skills and qualities you bring.")
    )
    values = models.TextField(
        _("values"), blank=True, help_text=_("What matters to you in work.")
    )
    target_occupations = models.TextField(
        _("target occupations"),
        blank=True,
        help_text=_("One per line, e.g. theatre manager."),
    )

    phone = models.CharField(
        _("telephone"),
        max_length=40,
        blank=True,
        help_text=_("Given in your requests and voicemails, so people can call back."),
    )
    mailing_address = models.TextField(
        _("mailing address"), blank=True, help_text=_("Printed on your letters.")
    )

    # The 3B7 routine: with no answer after a few business days, approach
    # someone else at the organization; after a week of them, follow up once.
    try_others_after_days = models.PositiveSmallIntegerField(
        _("suggest trying someone else after (business days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    follow_up_after_days = models.PositiveSmallIntegerField(
        _("suggest following up once after (business days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    wants_reminders = models.BooleanField(
        _("email me a reminder of what is due"),
        default=False,
        help_text=_(
            "One short email on the mornings something is due: thank-you notes, "
            "follow-ups, check-ins and requests waiting for an answer."
        ),
    )

    # The feed's address is never stored: the seed alone does not give it
    # (the address is a keyed hash of the seed, see calendar_token), and the
    # digest, looked up when a calendar program asks, is a keyed hash of the
    # address. A database read, or a staff member's filter, gives neither.
    calendar_seed = models.CharField(
        _("calendar feed seed"), max_length=64, blank=True, default="", editable=False
    )
    calendar_digest = models.CharField(
        _("calendar feed digest"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    # Sharing the journey with the career centre: off until the student turns
    # it on, and until the end of the chosen day in the student's own zone.
    journey_shared_at = models.DateTimeField(
        _("journey shared with the career centre since"),
        null=True,
        blank=True,
        editable=False,
    )
    journey_shared_until = models.DateField(
        _("journey shared until"), null=True, blank=True, editable=False
    )

    # Set when the student opens the link emailed at sign-up (or resets the
    # password, which proves the same): until then nothing leaves the app in
    # their name. Accounts from before confirmation existed start unconfirmed.
    email_confirmed_at = models.DateTimeField(
        _("email address confirmed"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Not tied to one model: the career centre's reports read every app.
        permissions = [("view_reports", _("Can see the career centre's reports"))]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("An account with this email already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(graduation_year__isnull=True)
                | models.Q(graduation_year__gte=1950, graduation_year__lte=2100),
                name="user_graduation_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(province__in=Province.values),
                name="user_province_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    try_others_after_days__gte=1,
                    follow_up_after_days__gt=models.F("try_others_after_days"),
                ),
                name="user_follow_up_after_trying_others",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def set_password(self, raw_password):
        """Set a new password, and lift the sign-in lock on this account.

        Whoever sets one knew the old password or holds a reset link from
        the account's own mailbox: the wrong guesses counted against the
        account (accounts/security.py) no longer stand between its owner and
        the new password, as the lockout page suggests. A lock on the
        client's address stays.
        """
        super().set_password(raw_password)
        if self.pk is not None:
            from accounts.security import clear_failures  # it imports this module

            clear_failures(usernames=[self.email])

    @property
    def display_name(self):
        return self.first_name or self.email

    @property
    def has_self_assessment(self):
        """Whether the student has written any part of the self-assessment."""
        return any(
            text.strip()
            for text in (
                self.interests,
                self.strengths,
                self.values,
                self.target_occupations,
            )
        )

    @property
    def target_occupation_list(self):
        return [
            line.strip()
            for line in self.target_occupations.splitlines()
            if line.strip()
        ]

    def clean(self):
        super().clean()
        if (
            self.try_others_after_days
            and self.follow_up_after_days
            and self.follow_up_after_days <= self.try_others_after_days
        ):
            raise ValidationError(
                {
                    "follow_up_after_days": _(
                        "Follow up later than you try someone else, e.g. 3 then 7."
                    )
                }
            )

    @property
    def calendar_token(self):
        """The secret part of the feed's address, or None without a feed (or
        for a feed made before addresses were derived, which still works but
        cannot be shown again: see has_calendar_feed)."""
        if not self.calendar_seed:
            return None
        return calendar_token_from_seed(self.calendar_seed)

    @property
    def has_calendar_feed(self):
        return self.calendar_digest is not None

    def renew_calendar_token(self):
        """A new secret feed address; the old one stops working at once."""
        self.calendar_seed = secrets.token_urlsafe(32)
        token = calendar_token_from_seed(self.calendar_seed)
        self.calendar_digest = calendar_digest(token)
        self.save(update_fields=["calendar_seed", "calendar_digest"])
        return token

    def revoke_calendar_token(self):
        self.calendar_seed = ""
        self.calendar_digest = None
        self.save(update_fields=["calendar_seed", "calendar_digest"])

    @property
    def journey_share_ends_at(self):
        """The moment a share with a last day ends: midnight after that day, in
        the student's zone. None for a share until the student stops it."""
        if self.journey_shared_until is None:
            return None
        next_day = self.journey_shared_until + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time(), tzinfo=self.zone)

    def is_sharing_journey(self, now=None):
        """Whether career-centre staff may read this student's journey now.

        Never a staff account's, nor a deactivated one's: a student who cannot
        sign in could not stop the share.
        """
        if self.journey_shared_at is None or self.is_staff or not self.is_active:
            return False
        ends_at = self.journey_share_ends_at
        return ends_at is None or (now or timezone.now()) < ends_at

    def journey_share_last_day_allowed(self, last_day, now=None):
        """Whether a share may end on last_day: from today, in the student's
        zone, to the same day a year ahead. Further than that, a share is
        better renewed than forgotten."""
        today = (now or timezone.now()).astimezone(self.zone).date()
        try:
            latest = today.replace(year=today.year + 1)
        except ValueError:  # 29 February
            latest = today.replace(year=today.year + 1, day=28)
        return today <= last_day <= latest

    def share_journey(self, until=None, now=None):
        """Share the journey, until the student stops or to the end of `until`.

        Choosing another last day keeps the share's start.
        """
        if not self.is_sharing_journey(now):
            self.journey_shared_at = now or timezone.now()
        self.journey_shared_until = until
        self.save(update_fields=["journey_shared_at", "journey_shared_until"])

    def stop_sharing_journey(self):
        """Staff's next request for the journey is refused."""
        self.journey_shared_at = None
        self.journey_shared_until = None
        self.save(update_fields=["journey_shared_at", "journey_shared_until"])

    @property
    def email_confirmed(self):
        return self.email_confirmed_at is not None

    def confirm_email(self, now=None):
        """The student has shown the address is theirs. Idempotent: the first
        confirmation's moment stays."""
        if self.email_confirmed_at is None:
            self.email_confirmed_at = now or timezone.now()
            self.save(update_fields=["email_confirmed_at"])

    def delete_with_files(self):
        """Delete the account: every row the user owns (the foreign keys
        cascade from the user), their resume files and every session they
        are signed in with, on any device.

        The files go only once the rows are surely gone, as a resume's do.
        """
        files = [
            (resume.file.storage, resume.file.name) for resume in self.resumes.all()
        ]
        folder = resume_folder(self.pk)
        with transaction.atomic():
            self._delete_sessions()
            AccountEmail.objects.filter(
                address_digest=address_digest(self.email)
            ).delete()
            self.delete()
            for storage, name in files:
                transaction.on_commit(functools.partial(storage.delete, name))
            if files:
                storage = files[0][0]
                transaction.on_commit(
                    functools.partial(_remove_empty_folder, storage, folder)
                )

    def _delete_sessions(self):
        # A session keeps its user's id only inside its encoded data, so each
        # one is decoded; fine for a campus's sessions, deleted in a batch.
        ours = [
            session.pk
            for session in Session.objects.iterator(chunk_size=1000)
            if session.get_decoded().get("_auth_user_id") == str(self.pk)
        ]
        Session.objects.filter(pk__in=ours).delete()

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def calendar_token_from_seed(seed):
    """The feed's secret address part: a keyed hash of the stored seed, so that
    it cannot be worked out without SECRET_KEY."""
    mac = salted_hmac("infointerview.calendar-feed.address", seed, algorithm="sha256")
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def calendar_digest(token):
    """What is stored to find a feed by its address, and compared on each fetch."""
    return salted_hmac(
        "infointerview.calendar-feed.digest", token, algorithm="sha256"
    ).hexdigest()


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one user; every view's query starts here."""

    # How to reach the owner from this model: "owner", or a path through the
    # parent row for children such as an interview's questions.
    owner_lookup = "owner"

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.owner_lookup: user})


RESUME_MAX_BYTES = 5 * 1024 * 1024


def resume_folder(user_id):
    return f"resumes/{user_id}"


def resume_upload_to(instance, filename):
    # A random name: the file's path reveals neither the user's name nor the
    # original filename, and cannot be guessed.
    suffix = PurePath(filename).suffix.lower()
    return f"{resume_folder(instance.owner_id)}/{uuid.uuid4().hex}{suffix}"


def _remove_empty_folder(storage, folder):
    """The user's folder of resumes, once its files are gone: on a disk it
    would stay behind, empty but named after the account. Object storage has
    no folders (path() is not implemented there)."""
    try:
        path = storage.path(folder)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):  # not empty, or already gone
        os.rmdir(path)


class Resume(models.Model):
    """One labelled version of a user's resume, stored as private media."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word (DOCX)")

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="resumes", verbose_name=_("owner")
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_("So you can tell versions apart, e.g. “Arts management, fall”."),
    )
    file = models.FileField(_("file"), upload_to=resume_upload_to, max_length=255)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("label"),
                name="resume_label_unique_per_owner",
                violation_error_message=_("You already have a resume with this label."),
            ),
            models.CheckConstraint(
                condition=models.Q(size__gt=0, size__lte=RESUME_MAX_BYTES),
                name="resume_size_within_limit",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["pdf", "docx"]), name="resume_kind_valid"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def download_name(self):
        """A friendly file name for the download, built from the label."""
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in self.label)
        return f"{safe.strip() or 'resume'}.{self.kind}"


class JourneyVisitQuerySet(OwnedQuerySet):
    owner_lookup = "student"


class JourneyVisit(models.Model):
    """One staff member's opening of a student's shared journey, shown to the
    student. The staff member's name is kept: the record outlives their account."""

    class Page(models.TextChoices):
        JOURNEY = "journey", _("Your whole journey")

    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="journey_visits",
        verbose_name=_("student"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    staff_name = models.CharField(_("staff member's name"), max_length=300)
    visited_at = models.DateTimeField(_("visited"), default=timezone.now)
    page = models.CharField(
        _("page"), max_length=20, choices=Page.choices, default=Page.JOURNEY
    )

    objects = JourneyVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("journey visit")
        verbose_name_plural = _("journey visits")
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(
                fields=["student", "-visited_at"], name="journeyvisit_student_time"
            )
        ]

    def __str__(self):
        return self.staff_name

    @classmethod
    def record(cls, student, staff, page=Page.JOURNEY):
        return cls.objects.create(
            student=student,
            staff=staff,
            # The address too: it is how the centre knows its staff, and a
            # name alone could be anyone's.
            staff_name=" ".join(
                filter(None, [staff.get_full_name(), f"({staff.email})"])
            )[:300],
            page=page,
        )


def address_digest(address):
    """A keyed hash of an email address (or a client's network address): what
    the limits count by, so that the table never holds the address itself,
    which may belong to someone who never signed up."""
    normalized = EmailUserManager.normalize_email(address)
    return salted_hmac(
        "accounts.AccountEmail", normalized, algorithm="sha256"
    ).hexdigest()


class AccountEmailLimited(Exception):
    """This address, or this client, was sent as many account emails as the
    hour allows."""


class AccountEmailQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(sent_at__gte=moment)

    def record(self, kind, address, client, now=None):
        """Count one account email to `address`, asked for from `client` (its
        network address), or raise AccountEmailLimited.

        Within an hour an address gets at most ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR
        of them and a client may ask for ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR:
        the sign-up and password-reset forms cannot be used to flood a
        mailbox, or the college's mail server. Counted in the database, so the
        limits hold across app servers. Rows older than a day are of no more
        use and go at once.
        """
        now = now or timezone.now()
        hour_ago = now - datetime.timedelta(hours=1)
        to, by = address_digest(address), address_digest(client or "unknown")
        with transaction.atomic():
            self.filter(sent_at__lt=now - datetime.timedelta(days=1)).delete()
            recent = self.since(hour_ago)
            if (
                recent.filter(address_digest=to).count()
                >= settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR
                or recent.filter(client_digest=by).count()
                >= settings.ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR
            ):
                raise AccountEmailLimited
            return self.create(
                kind=kind, address_digest=to, client_digest=by, sent_at=now
            )


class AccountEmail(models.Model):
    """An email about an account that the site sent to an address: the
    sign-up confirmation, "you already have an account", a password reset.

    Kept for a day, as keyed hashes only, to limit how many one mailbox gets.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirm the address")
        ALREADY_REGISTERED = "registered", _("already has an account")
        PASSWORD_RESET = "reset", _("password reset")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    address_digest = models.CharField(_("address digest"), max_length=64)
    client_digest = models.CharField(_("client digest"), max_length=64)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = AccountEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")
        indexes = [
            models.Index(fields=["address_digest", "sent_at"]),
            models.Index(fields=["client_digest", "sent_at"]),
            models.Index(fields=["sent_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d %H:%M}"
