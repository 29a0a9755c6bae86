import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedQuerySet


class Channel(models.TextChoices):
    """How a person is approached: shared by the directory and by requests."""

    EMAIL = "email", _("Email")
    TELEPHONE = "telephone", _("Telephone")
    MAIL = "mail", _("Regular mail")


def name_key(text):
    """How two names are compared: any case, any spacing."""
    return " ".join((text or "").split()).casefold()


class OrganizationQuerySet(OwnedQuerySet):
    def named(self, owner, name):
        """The owner's organization of this name (in any case), made if new."""
        name = " ".join((name or "").split())
        if not name:
            return None
        existing = self.filter(owner=owner, name__iexact=name).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return self.create(owner=owner, name=name)
        except IntegrityError:
            # Made at the same moment by another request of the same user.
            return self.get(owner=owner, name__iexact=name)

    # Organizations made at once by an import.
    BULK_BATCH_SIZE = 1000

    def named_many(self, owner, names):
        """{name key: the owner's Organization} for these names, made where
        missing; owner None for the directory's.

        The rule of named() (spacing collapsed, any case), but in three
        queries for a whole file rather than up to three for each name.
        """
        wanted = {}
        for name in names:
            name = " ".join(name.split())
            if name:
                wanted.setdefault(name_key(name), name)
        if not wanted:
            return {}
        owned = self.filter(owner=owner).only("id", "name")
        found = {name_key(organization.name): organization for organization in owned}
        missing = [
            self.model(owner=owner, name=name)
            for key, name in wanted.items()
            if key not in found
        ]
        if missing:
            # A conflict is a name made meanwhile by another request; read it back.
            self.bulk_create(
                missing, batch_size=self.BULK_BATCH_SIZE, ignore_conflicts=True
            )
            found = {
                name_key(organization.name): organization
                for organization in owned.all()
            }
        for key, name in wanted.items():
            if key not in found:
                # The database compares case a little differently from Python.
                found[key] = self.named(owner, name)
        return found


class Organization(models.Model):
    """A workplace. A user's own (owner set) or shared by the directory (no owner)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("owner"),
        help_text=_("Empty for the organizations of the career-centre directory."),
    )
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner", Lower("name"), name="organization_name_unique_per_owner"
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=models.Q(owner__isnull=True),
                name="organization_name_unique_in_directory",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="organization_name_not_empty"
            ),
        ]

    def __str__(self):
        return self.name


class LeadSource(models.TextChoices):
    CAREER_CENTRE = "career_centre", _("Career centre")
    ALUMNI_OFFICE = "alumni_office", _("Alumni office")
    PARENT = "parent", _("Parent")
    FRIENDS_PARENT = "friends_parent", _("A friend's parent")
    PROFESSOR = "professor", _("Professor")
    FRIEND = "friend", _("Friend")
    ORGANIZATION = "organization", _("Approached the organization directly")
    REFERRAL = "referral", _("Referred by an earlier interviewee")
    OTHER = "other", _("Other")


def month_start(now=None):
    """The first instant of this month, in the career centre's time zone."""
    local = timezone.localtime(
        now or timezone.now(), zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class EmailNotConfirmed(Exception):
    """The student has not yet confirmed their email address."""


class DirectoryLimitReached(Exception):
    """The person has had as many new students this month as they accept."""


class DirectoryEntryPaused(Exception):
    """The person is paused (away, at capacity) and takes no new students."""


class AlreadyInContacts(Exception):
    """The user has already added this directory entry."""

    def __init__(self, contact):
        super().__init__(f"Already in contacts as {contact.pk}")
        self.contact = contact


def directory_today(now=None):
    """Today in the career centre's time zone: the day a pause is judged by."""
    return timezone.localdate(
        now or timezone.now(), zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


class DirectoryEntryQuerySet(models.QuerySet):
    def active(self, now=None):
        """In the directory and not paused: the people students may add."""
        return self.filter(is_active=True).exclude(self._paused_q(now))

    def paused(self, now=None):
        return self.filter(self._paused_q(now))

    def not_paused(self, now=None):
        return self.exclude(self._paused_q(now))

    @staticmethod
    def _paused_q(now):
        # Paused through paused_until itself; back by themselves the day after.
        return ~models.Q(pause_reason="") & (
            models.Q(paused_until__isnull=True)
            | models.Q(paused_until__gte=directory_today(now))
        )

    def pause(self, reason, until=None):
        """Pause these people for a reason, until a day (or until resumed)."""
        reason = DirectoryEntry.PauseReason(reason)
        return self.update(
            pause_reason=reason, paused_until=until, updated_at=timezone.now()
        )

    def resume(self):
        """Show these people to students again; returns how many were paused."""
        return self.exclude(pause_reason="", paused_until__isnull=True).update(
            pause_reason="", paused_until=None, updated_at=timezone.now()
        )

    def not_requested_since(self, moment):
        """People no student has sent a request to since the moment, including
        people never asked at all."""
        return self.exclude(contacts__requests__sent_at__gte=moment)

    # More words than this is not a search anyone types.
    MAX_SEARCH_WORDS = 10
    SEARCHED_FIELDS = (
        "first_name",
        "last_name",
        "job_title",
        "organization__name",
        "field",
        "city",
        "topics",
        "bio",
    )

    def search(self, text):
        """Entries where every word of the text is found in one field or another."""
        entries = self
        for word in text.split()[: self.MAX_SEARCH_WORDS]:
            matches = models.Q()
            for name in self.SEARCHED_FIELDS:
                matches |= models.Q(**{f"{name}__icontains": word})
            entries = entries.filter(matches)
        return entries

    def with_my_contact(self, user):
        """Annotate my_contact_id: the user's contact made from each entry, if any."""
        mine = Contact.objects.for_user(user).filter(
            directory_entry=models.OuterRef("pk")
        )
        return self.annotate(
            my_contact_id=models.Subquery(mine.order_by().values("pk")[:1])
        )

    def with_added_this_month(self, now=None):
        """Annotate how many students added each entry since the month began."""
        return self.annotate(
            added_this_month=models.Count(
                "contacts", filter=models.Q(contacts__created_at__gte=month_start(now))
            )
        )


class DirectoryEntry(models.Model):
    """Someone who agreed with the career centre or alumni office to be asked
    for information interviews. Kept by staff; students copy one into their
    own contacts."""

    class Source(models.TextChoices):
        CAREER_CENTRE = LeadSource.CAREER_CENTRE.value, LeadSource.CAREER_CENTRE.label
        ALUMNI_OFFICE = LeadSource.ALUMNI_OFFICE.value, LeadSource.ALUMNI_OFFICE.label

    class PauseReason(models.TextChoices):
        AWAY = "away", _("Away")
        AT_CAPACITY = "at_capacity", _("At capacity")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_entries",
        limit_choices_to={"owner__isnull": True},
        verbose_name=_("organization"),
    )
    field = models.CharField(
        _("field of work"),
        max_length=200,
        blank=True,
        help_text=_("e.g. theatre management"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    source = models.CharField(
        _("offered through"),
        max_length=20,
        choices=Source.choices,
        default=Source.CAREER_CENTRE,
    )
    program = models.CharField(_("program (alumni)"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year (alumni)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    bio = models.TextField(_("short bio"), blank=True)
    topics = models.TextField(_("topics they can talk about"), blank=True)
    preferred_channel = models.CharField(
        _("prefers to be approached by"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.EMAIL,
    )
    approach_notes = models.TextField(
        _("how to approach"),
        blank=True,
        help_text=_("e.g. “Email first; mornings are best.”"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    mailing_address = models.TextField(_("mailing address"), blank=True)
    monthly_limit = models.PositiveSmallIntegerField(
        _("new requests accepted a month"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Shown to students when active.")
    )
    pause_reason = models.CharField(
        _("paused"),
        max_length=20,
        choices=PauseReason.choices,
        blank=True,
        help_text=_(
            "A paused person stays in the directory but is hidden from students. "
            "Leave empty when they take students."
        ),
    )
    paused_until = models.DateField(
        _("paused until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day of the pause; they are shown again the day after. "
            "Empty: until someone resumes them."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_limit__gte=1, monthly_limit__lte=100),
                name="directory_entry_monthly_limit_range",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=["career_centre", "alumni_office"]),
                name="directory_entry_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    pause_reason__in=["", "away", "at_capacity", "other"]
                ),
                name="directory_entry_pause_reason_valid",
            ),
            # A date without a reason would be a pause nobody can see.
            models.CheckConstraint(
                condition=models.Q(paused_until__isnull=True)
                | ~models.Q(pause_reason=""),
                name="directory_entry_paused_until_needs_reason",
                violation_error_message=_(
                    "Choose why they are paused, or leave “paused until” empty."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def count_added_this_month(self, now=None):
        return self.contacts.filter(created_at__gte=month_start(now)).count()

    # What students did with a person, each counted by the moment it happened,
    # through the relations' names: contacts does not import the higher apps.
    OUTCOMES = (
        ("added", "created_at", {}),
        ("requests", "requests__sent_at", {}),
        ("interviews", "interviews__starts_at", {"interviews__status": "completed"}),
        ("thanks", "interviews__thank_you_note__sent_at", {}),
    )

    def outcomes_by_month(self, months=12, now=None):
        """Counts of what students did with this person: one query per measure.

        Returns {"months": [(first day, {measure: n}), ...] newest first,
        "recent": {measure: n} over those months, "all_time": {measure: n},
        "students": the same three, counting the distinct students behind
        each n}, months reckoned in the career centre's time zone. Counts only: who
        the students are and what they wrote stays theirs.
        """
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        shown = [month_start(now).date()]
        while len(shown) < months:
            previous = shown[-1] - datetime.timedelta(days=1)
            shown.append(previous.replace(day=1))
        by_month = {month: dict.fromkeys(self.outcome_names(), 0) for month in shown}
        all_time = dict.fromkeys(self.outcome_names(), 0)
        # How many students each count rests on, so that staff can be shown
        # "fewer than 5" instead of a number that points at one student.
        students = {
            "months": {
                month: dict.fromkeys(self.outcome_names(), 0) for month in shown
            },
            "recent": {},
            "all_time": {},
        }
        earliest = datetime.datetime.combine(shown[-1], datetime.time.min, zone)
        for name, moment, conditions in self.OUTCOMES:
            found = Contact.objects.filter(
                directory_entry=self, **{f"{moment}__isnull": False}, **conditions
            ).order_by()
            rows = (
                found.annotate(month=TruncMonth(moment, tzinfo=zone))
                .values("month")
                .annotate(n=models.Count("pk"), s=models.Count("owner", distinct=True))
            )
            for row in rows:
                month = timezone.localtime(row["month"], zone).date().replace(day=1)
                all_time[name] += row["n"]
                if month in by_month:
                    by_month[month][name] += row["n"]
                    students["months"][month][name] += row["s"]
            totals = found.aggregate(
                every=models.Count("owner", distinct=True),
                recent=models.Count(
                    "owner",
                    distinct=True,
                    filter=models.Q(**{f"{moment}__gte": earliest}),
                ),
            )
            students["all_time"][name] = totals["every"]
            students["recent"][name] = totals["recent"]
        recent = {
            name: sum(counts[name] for counts in by_month.values())
            for name in self.outcome_names()
        }
        return {
            "months": list(by_month.items()),
            "recent": recent,
            "all_time": all_time,
            "students": students,
        }

    @classmethod
    def outcome_names(cls):
        return [name for name, _moment, _conditions in cls.OUTCOMES]

    def is_paused(self, now=None):
        """Paused today: a reason, and no end date or one not yet past."""
        if not self.pause_reason:
            return False
        return self.paused_until is None or self.paused_until >= directory_today(now)

    @transaction.atomic
    def add_to_contacts(self, user, now=None):
        """Copy this person into the user's contacts, within the monthly limit.

        Raises EmailNotConfirmed, AlreadyInContacts, DirectoryEntryPaused or
        DirectoryLimitReached: an account whose address is not confirmed takes
        no place in a person's monthly limit. The entry's row is locked first,
        so two students cannot both take its last place, nor take it as staff
        pause the person.
        """
        if not user.email_confirmed:
            raise EmailNotConfirmed
        entry = DirectoryEntry.objects.select_for_update().get(pk=self.pk)
        existing = Contact.objects.for_user(user).filter(directory_entry=entry).first()
        if existing:
            raise AlreadyInContacts(existing)
        if entry.is_paused(now):
            raise DirectoryEntryPaused
        if entry.count_added_this_month(now) >= entry.monthly_limit:
            raise DirectoryLimitReached
        organization = (
            Organization.objects.named(user, entry.organization.name)
            if entry.organization_id
            else None
        )
        return Contact.objects.create(
            owner=user,
            first_name=entry.first_name,
            last_name=entry.last_name,
            job_title=entry.job_title,
            field=entry.field,
            organization=organization,
            city=entry.city,
            email=entry.email,
            phone=entry.phone,
            preferred_channel=entry.preferred_channel,
            mailing_address=entry.mailing_address,
            lead_source=entry.source,
            directory_entry=entry,
            notes=entry.approach_notes,
        )


class DirectoryImport(models.Model):
    """A CSV of directory people, read and waiting for a staff member to commit.

    The preview and the commit both read these rows, never rows posted back
    by the browser; contacts/directory_import.py reads and judges them.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_imports",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename


class ContactQuerySet(OwnedQuerySet):
    def in_stage(self, stage):
        return self.filter(stage=stage)

    def search(self, text):
        """Contacts whose name, organization, field, job title or notes match."""
        query = models.Q()
        for word in text.split():
            query &= (
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(organization__name__icontains=word)
                | models.Q(field__icontains=word)
                | models.Q(job_title__icontains=word)
                | models.Q(notes__icontains=word)
            )
        return self.filter(query)

    def not_touched_since(self, day):
        """No exchange with them since the day (see Contact.record_contact).

        Someone never contacted at all counts from their last change of stage
        (at first, when they were added): a lead added yesterday has not gone
        quiet. Once there is a last contact, only it counts, whatever the stage
        did since: moving someone by hand is not an exchange with them.
        """
        start = datetime.datetime.combine(
            day, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        return self.filter(
            models.Q(last_contacted_on__lt=day)
            | models.Q(last_contacted_on__isnull=True, stage_changed_at__lt=start)
        )

    def with_stage_rank(self):
        """Annotate stage_rank, to sort by the pipeline's order, not the alphabet."""
        return self.annotate(
            stage_rank=models.Case(
                *[
                    models.When(stage=stage, then=models.Value(rank))
                    for stage, rank in Contact.STAGE_RANK.items()
                ],
                default=models.Value(99),
                output_field=models.IntegerField(),
            )
        )

    def stage_counts(self):
        """{stage: count} over this queryset, in one query."""
        rows = self.order_by().values_list("stage").annotate(n=models.Count("id"))
        return dict(rows)


class ContactStage(models.TextChoices):
    LEAD = "lead", _("Lead")
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    INTERVIEWED = "interviewed", _("Interviewed")
    THANKED = "thanked", _("Thanked")
    IN_NETWORK = "in_network", _("In network")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")


class Contact(models.Model):
    """A person the user may learn from, and where they are in the journey."""

    Stage = ContactStage

    # The pipeline's order. Declined and no reply are asides of "requested":
    # a later accepted request can still move the contact on from them.
    STAGE_RANK = {
        Stage.LEAD: 0,
        Stage.REQUESTED: 1,
        Stage.DECLINED: 1,
        Stage.NO_REPLY: 1,
        Stage.SCHEDULED: 2,
        Stage.INTERVIEWED: 3,
        Stage.THANKED: 4,
        Stage.IN_NETWORK: 5,
    }
    ASIDE_STAGES = {Stage.DECLINED, Stage.NO_REPLY}

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("owner"),
    )
    # A lead is sometimes known only by role: "the theatre manager at Massey
    # Hall". Then the job title stands in for the name.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    field = models.CharField(
        _("field of work"),
        max_length=200,
        blank=True,
        help_text=_("e.g. theatre management"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(
        _("province, state or region"), max_length=100, blank=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    mailing_address = models.TextField(_("mailing address"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn profile"), blank=True)
    preferred_channel = models.CharField(
        _("prefers to be approached by"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
    )

    lead_source = models.CharField(
        _("how the lead was found"), max_length=20, choices=LeadSource.choices
    )
    found_through = models.CharField(
        _("found through"),
        max_length=200,
        blank=True,
        help_text=_("Who or what led you to them, e.g. “Prof. Singh” or “my aunt”."),
    )
    referred_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred by"),
    )
    directory_entry = models.ForeignKey(
        DirectoryEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("directory entry"),
    )

    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    keep_in_touch_days = models.PositiveSmallIntegerField(
        _("keep in touch every (days)"),
        null=True,
        blank=True,
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Leave empty for someone who asked not to be contacted."),
    )
    last_contacted_on = models.DateField(_("last contact"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["owner", "stage"], name="contact_owner_stage"),
            models.Index(
                fields=["owner", "last_name", "first_name"], name="contact_owner_name"
            ),
            # The reports: a student's leads added in a period.
            models.Index(fields=["owner", "created_at"], name="contact_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first_name="") | ~models.Q(job_title=""),
                name="contact_named_or_role",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_source__in=LeadSource.values),
                name="contact_lead_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=ContactStage.values),
                name="contact_stage_valid",
            ),
            # Only a referral has a referrer. (The converse, that a referral
            # must name one, is a form rule: deleting the referrer empties it.)
            models.CheckConstraint(
                condition=models.Q(referred_by__isnull=True)
                | models.Q(lead_source=LeadSource.REFERRAL),
                name="contact_referrer_only_for_referrals",
            ),
            models.CheckConstraint(
                condition=~models.Q(referred_by=models.F("id")),
                name="contact_not_referred_by_self",
            ),
            models.CheckConstraint(
                condition=models.Q(keep_in_touch_days__isnull=True)
                | models.Q(keep_in_touch_days__gte=1),
                name="contact_keep_in_touch_positive",
            ),
            models.UniqueConstraint(
                fields=["owner", "directory_entry"],
                condition=models.Q(directory_entry__isnull=False),
                name="contact_directory_entry_once_per_owner",
                violation_error_message=_("This person is already in your contacts."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """How the contact is shown everywhere: their name, or their role.

        "Priya Raman"; for someone known only by role, "Theatre manager at
        Massey Hall". Lists that show it select_related("organization").
        """
        if not self.is_known_by_role:
            return f"{self.first_name} {self.last_name}".strip()
        role = capfirst(self.job_title)
        if self.organization_id:
            return _("%(role)s at %(organization)s") % {
                "role": role,
                "organization": self.organization.name,
            }
        return role

    @property
    def short_name(self):
        """The name in a sentence: "thank Priya", "thank Theatre manager at …"."""
        return self.first_name or self.full_name

    @property
    def role_line(self):
        """What is said of them after their name: "Associate producer,
        Stratford Festival". Empty for someone known by role, whose name
        already says it."""
        if self.is_known_by_role:
            return ""
        organization = self.organization.name if self.organization_id else ""
        return ", ".join(filter(None, [self.job_title, organization]))

    @property
    def place(self):
        """Their organization after their name, unless the name already says it."""
        if self.is_known_by_role or not self.organization_id:
            return ""
        return self.organization.name

    @property
    def is_known_by_role(self):
        """No name at all: a last name alone ("Osei") is still a name."""
        return not (self.first_name or self.last_name)

    # "Dear Theatre manager," reads oddly: without a name, a draft greets the
    # person the way a letter to an unknown reader does.
    UNNAMED_SALUTATION = _("Sir or Madam")

    @property
    def salutation_name(self):
        """The name a draft greets them by: "Dear Priya," / "Dear Sir or Madam,"."""
        if self.is_known_by_role:
            return str(self.UNNAMED_SALUTATION)
        return self.first_name or self.full_name

    @property
    def formal_salutation_name(self):
        """The formal greeting's name: "Dear Priya Raman," / "Dear Sir or Madam,"."""
        if self.is_known_by_role:
            return str(self.UNNAMED_SALUTATION)
        return self.full_name

    def clean(self):
        errors = {}
        if self.lead_source == LeadSource.REFERRAL and not self.referred_by_id:
            errors["referred_by"] = _("Say who referred this person to you.")
        if self.referred_by_id and self.lead_source != LeadSource.REFERRAL:
            errors["referred_by"] = _(
                "Only a referral has a referring contact; choose “Referred by an "
                "earlier interviewee” as the lead source or leave this empty."
            )
        if self.referred_by_id and self.pk and self.referred_by_id == self.pk:
            errors["referred_by"] = _("A contact cannot refer themselves.")
        if self.owner_id:
            if self.referred_by_id and self.referred_by.owner_id != self.owner_id:
                errors["referred_by"] = _("Choose one of your own contacts.")
            if self.organization_id and self.organization.owner_id != self.owner_id:
                errors["organization"] = _("Choose one of your own organizations.")
        if errors:
            raise ValidationError(errors)

    def advance_to(self, stage, *, when=None):
        """Move forward in the pipeline because something happened.

        Never moves backwards: a thank-you note for an old interview does not
        undo "in network". Returns whether the stage changed.
        """
        stage = self.Stage(stage)
        current = self.Stage(self.stage)
        if stage == current:
            return False
        if stage in self.ASIDE_STAGES:
            allowed = self.STAGE_RANK[current] <= self.STAGE_RANK[self.Stage.REQUESTED]
        elif current in self.ASIDE_STAGES and stage == self.Stage.REQUESTED:
            # A new request to someone who declined or did not answer.
            allowed = True
        else:
            allowed = self.STAGE_RANK[stage] > self.STAGE_RANK[current]
        if not allowed:
            return False
        self._set_stage(stage, when)
        return True

    def move_to(self, stage, *, when=None):
        """Set the stage by hand, in any direction."""
        stage = self.Stage(stage)
        if stage == self.stage:
            return False
        self._set_stage(stage, when)
        return True

    def _set_stage(self, stage, when):
        self.stage = stage
        self.stage_changed_at = when or timezone.now()
        self.save(update_fields=["stage", "stage_changed_at", "updated_at"])

    # Filled from the duplicate when this contact has nothing there.
    MERGE_FILLS = (
        "last_name",
        "job_title",
        "field",
        "organization",
        "city",
        "region",
        "email",
        "phone",
        "mailing_address",
        "linkedin_url",
        "found_through",
    )

    @transaction.atomic
    def merge(self, duplicate):
        """Fold a duplicate of this contact into it, keeping everything of both.

        Every row that points at the duplicate (requests, interviews,
        follow-ups, touchpoints, the people it referred) is moved here. They
        are found through the model's reverse relations, so this lower app
        does not import the apps that own those rows.
        """
        if duplicate.owner_id != self.owner_id or duplicate.pk == self.pk:
            raise ValueError("Only two different contacts of one owner can be merged.")
        self._take_over_rows_of(duplicate)
        for name in self.MERGE_FILLS:
            if not getattr(self, name) and getattr(duplicate, name):
                setattr(self, name, getattr(duplicate, name))
        if duplicate.notes and duplicate.notes not in self.notes:
            self.notes = "\n\n".join(filter(None, [self.notes, duplicate.notes]))
        if self.STAGE_RANK[duplicate.stage] > self.STAGE_RANK[self.stage]:
            self.stage, self.stage_changed_at = (
                duplicate.stage,
                duplicate.stage_changed_at,
            )
        if duplicate.last_contacted_on and (
            not self.last_contacted_on
            or duplicate.last_contacted_on > self.last_contacted_on
        ):
            self.last_contacted_on = duplicate.last_contacted_on
        self._take_over_lead_of(duplicate)
        duplicate.delete()
        self.save()

    def merge_clashes(self, duplicate):
        """Why the duplicate's rows cannot all move here, or [] when they can.

        A row moved here may break a rule that holds one such row per contact
        (one open interview request at a time, say). Each row is checked, as
        if moved, against its own model's uniqueness rules on the contact, and
        the reasons are those rules' own words: this lower app names none of
        the higher apps' rules.
        """
        reasons = []
        for relation, rows in self._rows_pointing_at(duplicate):
            field = relation.field
            rules = [
                rule
                for rule in relation.related_model._meta.constraints
                if isinstance(rule, models.UniqueConstraint)
                and field.name in rule.fields
            ]
            for row in rows.iterator() if rules else ():
                setattr(row, field.attname, self.pk)
                for rule in rules:
                    try:
                        rule.validate(type(row), row)
                    except ValidationError as error:
                        reasons += [m for m in error.messages if m not in reasons]
        return reasons

    def _rows_pointing_at(self, duplicate):
        """(relation, the rows through it) of each many-to-one at the duplicate."""
        for relation in self._meta.related_objects:
            if not relation.one_to_many:
                continue
            rows = relation.related_model._base_manager.filter(
                **{relation.field.name: duplicate}
            )
            if relation.related_model is Contact:
                rows = rows.exclude(pk=self.pk)  # handled by _take_over_lead_of
            yield relation, rows

    def _take_over_rows_of(self, duplicate):
        for relation, rows in self._rows_pointing_at(duplicate):
            rows.update(**{relation.field.name: self})

    def _take_over_lead_of(self, duplicate):
        if self.referred_by_id == duplicate.pk:
            # One referred the other: keep the lead that came before both.
            self.referred_by_id = duplicate.referred_by_id
            if duplicate.referred_by_id is None:
                self.lead_source = duplicate.lead_source
        elif not self.referred_by_id and duplicate.referred_by_id:
            self.referred_by_id = duplicate.referred_by_id
            self.lead_source = LeadSource.REFERRAL
        if not self.directory_entry_id and duplicate.directory_entry_id:
            self.directory_entry_id = duplicate.directory_entry_id
            # The entry may be linked to one contact of the user at a time.
            duplicate.directory_entry_id = None
            duplicate.save(update_fields=["directory_entry"])

    def record_contact(self, when):
        """Note an exchange with this person; the one rule for "last contact".

        Every exchange calls it: a request sent (email, letter, voicemail), a
        call that reached them, their answer, a follow-up, the interview, the
        thank-you, a touchpoint. `when` is a date, or a moment that is turned
        into the owner's own day. The latest day is kept. A day after the
        owner's today has not happened yet, so it is ignored rather than
        stored (or moved to today, which would be just as untrue). Returns
        whether the last contact changed.
        """
        zone = self.owner.zone
        if isinstance(when, datetime.datetime):
            when = timezone.localdate(when, zone)
        if when > timezone.localdate(timezone=zone):
            return False
        if self.last_contacted_on is not None and when <= self.last_contacted_on:
            return False
        self.last_contacted_on = when
        self.save(update_fields=["last_contacted_on", "updated_at"])
        return True


class ImportBatch(models.Model):
    """An uploaded file of contacts, parsed and waiting for the user to confirm.

    The preview is shown from here and the confirmed import reads the same
    rows, so the file is read once and nothing is imported until the user
    has seen what will happen.
    """

    class Source(models.TextChoices):
        LINKEDIN = "linkedin", _("LinkedIn connections (CSV)")
        CSV = "csv", _("Infointerview CSV")
        VCARD = "vcard", _("vCard")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("owner"),
    )
    source = models.CharField(_("format"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename
