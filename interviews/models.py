import datetime
import string
import typing
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedQuerySet, Resume, User
from contacts.models import Channel, Contact
from interviews.business_days import add_business_days

# A voicemail says when the student will call back: this many business days on.
CALL_BACK_AFTER_BUSINESS_DAYS = 2


class InvalidTransition(ValueError):
    """A state change that the object's current state does not allow."""


class NotStartedYet(InvalidTransition):
    """How an interview went can be recorded only once it has started."""


class OpenRequestExists(Exception):
    """The contact already has an open request (a draft, or one sent and
    waiting for an answer): a contact is asked once at a time."""

    def __init__(self, request):
        super().__init__(f"Contact {request.contact_id} has open request {request.pk}")
        self.request = request


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A request still in play: a draft, or sent and waiting for an answer.
OPEN_STATUSES = (RequestStatus.DRAFT, RequestStatus.SENT)


class CallOutcome(models.TextChoices):
    """What happened when the student called."""

    ACCEPTED = "accepted", _("We spoke, and they agreed to meet")
    DECLINED = "declined", _("We spoke, and they declined")
    VOICEMAIL = "voicemail", _("I left a voicemail")
    NO_ANSWER = "no_answer", _("No answer; I will try again")


# How each call reads in the request's own log of calls.
# Each line of a request's call log starts with this stamp, in the student's
# wall-clock time, then ": " and what happened (see InterviewRequest.calls()).
CALL_STAMP = "%Y-%m-%d %H:%M"


class Call(typing.NamedTuple):
    """One line of a request's call log (see InterviewRequest.calls())."""

    when: datetime.datetime | None
    outcome: CallOutcome | None
    said: str  # the outcome as the log words it ("voicemail left.")
    notes: str

    @property
    def reached_them(self):
        """They, or their voicemail, heard from the student."""
        return self.outcome not in (None, CallOutcome.NO_ANSWER)


CALL_LOG_WORDS = {
    CallOutcome.ACCEPTED: _("we spoke, and they agreed to meet."),
    CallOutcome.DECLINED: _("we spoke, and they declined."),
    CallOutcome.VOICEMAIL: _("voicemail left."),
    CallOutcome.NO_ANSWER: _("no answer."),
}


def call_back_day(day, province):
    """The day a voicemail left on `day` promises to call back."""
    return add_business_days(day, CALL_BACK_AFTER_BUSINESS_DAYS, province)


class InterviewRequestQuerySet(OwnedQuerySet):
    def open(self):
        """Drafts, and requests sent and waiting for an answer."""
        return self.filter(status__in=InterviewRequest.OPEN)

    def calls_to_return(self):
        """Telephone requests whose voicemail promised a call back, soonest
        first: the rows whose `call_back_on` is set."""
        return self.filter(
            channel=Channel.TELEPHONE,
            status=InterviewRequest.Status.SENT,
            follow_up_on__isnull=False,
        ).order_by("follow_up_on", "pk")

    def waiting_longest_first(self):
        """The earliest sent first; drafts, which wait on the student, after."""
        return self.order_by(
            models.F("sent_at").asc(nulls_last=True), "created_at", "pk"
        )


class InterviewRequest(models.Model):
    """One request for an information interview, by one channel."""

    Status = RequestStatus
    CallOutcome = CallOutcome

    ANSWERED = (Status.ACCEPTED, Status.DECLINED)
    OPEN = OPEN_STATUSES
    CLOSED = (Status.ACCEPTED, Status.DECLINED, Status.NO_REPLY, Status.WITHDRAWN)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interview_requests",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("contact"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(
        _("message"),
        blank=True,
        help_text=_("Brief, and plain that this is not a request for employment."),
    )
    resume = models.ForeignKey(
        Resume,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("resume attached"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    voicemail = models.TextField(
        _("voicemail message"),
        blank=True,
        help_text=_("What to say if you reach their voicemail."),
    )
    answer_notes = models.TextField(
        _("their answer"), blank=True, help_text=_("What they said.")
    )
    call_log = models.TextField(
        _("calls"),
        blank=True,
        help_text=_("The student's own note of each call: when, and what happened."),
    )
    followed_up_at = models.DateTimeField(
        _("followed up"),
        null=True,
        blank=True,
        help_text=_("When you followed up once after no answer."),
    )
    follow_up_on = models.DateField(
        _("follow up on"),
        null=True,
        blank=True,
        help_text=_(
            "When to follow up if there is no answer: after a voicemail, the day "
            "the student said they would call back."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InterviewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview request")
        verbose_name_plural = _("interview requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "status"], name="request_owner_status"),
            # The reports: a student's requests sent in a period.
            models.Index(fields=["owner", "sent_at"], name="request_owner_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="request_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values),
                name="request_status_valid",
            ),
            # A draft has not been sent; everything else has.
            models.CheckConstraint(
                condition=models.Q(status="draft", sent_at__isnull=True)
                | (~models.Q(status="draft") & models.Q(sent_at__isnull=False)),
                name="request_sent_at_matches_status",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(status__in=["accepted", "declined"]),
                name="request_answered_only_when_answered",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("sent_at")),
                name="request_answered_after_sent",
            ),
            # One question at a time: two drafts, or a second request while
            # the first waits for an answer, would ask the same person twice.
            # The database holds it, so two requests racing to be created
            # cannot both win.
            models.UniqueConstraint(
                fields=["contact"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="request_one_open_per_contact",
                violation_error_message=_(
                    "Only one request to a contact can be open at a time (a "
                    "draft, or one waiting for their answer): send it or record "
                    "their answer first."
                ),
            ),
        ]

    def __str__(self):
        return _("%(channel)s request to %(contact)s") % {
            "channel": self.get_channel_display(),
            "contact": self.contact,
        }

    def save(self, *args, **kwargs):
        """Save; a new open request for a contact who has one raises
        OpenRequestExists (naming that one) instead of an IntegrityError."""
        if not (self._state.adding and self.status in self.OPEN):
            return super().save(*args, **kwargs)
        try:
            # A savepoint: on PostgreSQL the failed insert would otherwise
            # abort the whole transaction, and the open request could not be
            # looked up.
            with transaction.atomic():
                return super().save(*args, **kwargs)
        except IntegrityError:
            other = (
                InterviewRequest.objects.open().filter(contact_id=self.contact_id)
            ).first()
            if other is None:  # some other constraint: not ours to explain
                raise
            raise OpenRequestExists(other) from None

    def clean(self):
        errors = {}
        if self.owner_id and self.contact_id and self.contact.owner_id != self.owner_id:
            errors["contact"] = _("Choose one of your own contacts.")
        if self.owner_id and self.resume_id and self.resume.owner_id != self.owner_id:
            errors["resume"] = _("Choose one of your own resumes.")
        if errors:
            raise ValidationError(errors)

    def _require(self, *statuses):
        if self.status not in statuses:
            raise InvalidTransition(
                f"A {self.status} request cannot do that (needs {', '.join(statuses)})."
            )

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def call_back_on(self):
        """The day a voicemail promised to call back, while that is still owed."""
        if self.channel == Channel.TELEPHONE and self.status == self.Status.SENT:
            return self.follow_up_on
        return None

    @transaction.atomic
    def mark_sent(self, when=None):
        self._require(self.Status.DRAFT)
        self.status = self.Status.SENT
        self.sent_at = when or timezone.now()
        self.save(update_fields=["status", "sent_at", "updated_at"])
        self.contact.advance_to(Contact.Stage.REQUESTED, when=self.sent_at)
        self.contact.record_contact(self.sent_at)

    @transaction.atomic
    def mark_accepted(self, when=None, notes=""):
        self._answer(self.Status.ACCEPTED, when, notes)

    @transaction.atomic
    def mark_declined(self, when=None, notes=""):
        self._answer(self.Status.DECLINED, when, notes)
        self.contact.advance_to(Contact.Stage.DECLINED, when=self.answered_at)

    @transaction.atomic
    def mark_no_reply(self, when=None):
        self._require(self.Status.SENT)
        self.status = self.Status.NO_REPLY
        self.save(update_fields=["status", "updated_at"])
        self.contact.advance_to(Contact.Stage.NO_REPLY, when=when)

    @transaction.atomic
    def mark_followed_up(self, when=None):
        """The one follow-up of the 3B7 routine was made; it is not asked for again."""
        self._require(self.Status.SENT)
        self.followed_up_at = when or timezone.now()
        self.save(update_fields=["followed_up_at", "updated_at"])
        self.contact.record_contact(self.followed_up_at)

    @transaction.atomic
    def log_call(self, outcome, notes="", when=None):
        """A telephone call to the contact, and what came of it.

        Speaking to them is the request going out and answered at once; their
        words are the answer. A voicemail is the request going out, and
        promises a call back two business days later, which falls due then.
        No answer is only noted. Whatever happened, the student's own notes go
        to the log of calls, never among the contact's words, and a call made
        settles any call-back still owed.
        """
        outcome = CallOutcome(outcome)
        self._require(self.Status.DRAFT, self.Status.SENT)
        when = when or timezone.now()
        zone = self.owner.zone
        stamp = timezone.localtime(when, zone).strftime(CALL_STAMP)
        reached = outcome in (CallOutcome.ACCEPTED, CallOutcome.DECLINED)
        # When they were reached, the notes are their answer, kept as such.
        own_notes = "" if reached else notes.strip()
        line = " ".join(
            filter(None, [f"{stamp}:", str(CALL_LOG_WORDS[outcome]), own_notes])
        )
        self.call_log = "\n".join(filter(None, [self.call_log, line]))
        self.follow_up_on = None
        if outcome == CallOutcome.VOICEMAIL:
            self.follow_up_on = call_back_day(
                timezone.localdate(when, zone), self.owner.province
            )
        self.save(update_fields=["call_log", "follow_up_on", "updated_at"])
        if outcome == CallOutcome.NO_ANSWER:
            return
        if self.status == self.Status.DRAFT:
            self.mark_sent(when)
        else:
            self.contact.record_contact(when)
        if outcome == CallOutcome.ACCEPTED:
            self.mark_accepted(when, notes=notes)
        elif outcome == CallOutcome.DECLINED:
            self.mark_declined(when, notes=notes)

    def calls(self, zone=None):
        """The call log as [Call(when, outcome, said, notes)], oldest first.

        `when` is aware, read in `zone` (by default the current one, which is
        the student's during their requests); `outcome` is what happened,
        None when the line does not say it in the words log_call() writes; a
        line without a stamp (typed in the admin, say) is kept whole in
        `notes`, with `when` None.
        """
        zone = zone or timezone.get_current_timezone()
        calls = []
        for line in filter(None, map(str.strip, self.call_log.splitlines())):
            stamp, _sep, rest = line.partition(": ")
            try:
                when = datetime.datetime.strptime(stamp, CALL_STAMP)
            except ValueError:
                calls.append(Call(None, None, "", line))
                continue
            outcome, said = next(
                (
                    (outcome, str(words))
                    for outcome, words in CALL_LOG_WORDS.items()
                    if rest.startswith(str(words))
                ),
                (None, ""),
            )
            notes = rest.removeprefix(said).strip()
            calls.append(Call(timezone.make_aware(when, zone), outcome, said, notes))
        return calls

    def withdraw(self):
        self._require(self.Status.SENT)
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])

    def _answer(self, status, when, notes):
        self._require(self.Status.SENT, self.Status.NO_REPLY)
        self.status = status
        self.answered_at = max(when or timezone.now(), self.sent_at)
        if notes:
            self.answer_notes = notes
        self.save(update_fields=["status", "answered_at", "answer_notes", "updated_at"])
        self.contact.record_contact(self.answered_at)


class InterviewQuerySet(OwnedQuerySet):
    def schedule(self, *, contact, starts_at, request=None, **fields):
        """Create an interview with a contact, who is then "scheduled".

        The interview starts with the suggested set of questions.
        """
        from interviews.questions import add_suggested

        with transaction.atomic():
            interview = self.create(
                owner=contact.owner,
                contact=contact,
                request=request,
                starts_at=starts_at,
                **fields,
            )
            contact.advance_to(Contact.Stage.SCHEDULED)
            add_suggested(interview)
        return interview

    def upcoming(self, now=None):
        return self.filter(
            status=Interview.Status.SCHEDULED, starts_at__gte=now or timezone.now()
        ).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class InterviewFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELEPHONE = "telephone", _("By telephone")
    VIDEO = "video", _("By video")


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("Did not take place")
    CANCELLED = "cancelled", _("Cancelled")


class Interview(models.Model):
    """The conversation itself: when, how, the preparation and the notes."""

    Format = InterviewFormat

    Status = InterviewStatus

    class PartOfDay(models.TextChoices):
        BEFORE_WORK = "before_work", _("Before the work day")
        MORNING = "morning", _("During the morning")
        LUNCH = "lunch", _("Over lunch")
        AFTERNOON = "afternoon", _("During the afternoon")
        END_OF_DAY = "end_of_day", _("At the end of the day")

    MIN_MINUTES = 5
    MAX_MINUTES = 180
    # Information interviews are arranged days or weeks ahead; a student may
    # plan a year out (after a term abroad, say). A date further ahead is a
    # typo (9999 for 2026) that would only break calendars and reminders.
    MAX_YEARS_AHEAD = 2

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("contact"),
    )
    request = models.OneToOneField(
        InterviewRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview",
        verbose_name=_("from request"),
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=30,
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    location = models.CharField(
        _("where"),
        max_length=300,
        blank=True,
        help_text=_("The address, the phone number to call, or the video link."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=300, blank=True
    )

    # The preparation checklist.
    prep_researched = models.BooleanField(
        _("researched the person and the organization"), default=False
    )
    research_notes = models.TextField(_("research notes"), blank=True)
    prep_questions_ready = models.BooleanField(_("questions ready"), default=False)
    prep_route_planned = models.BooleanField(
        _("route and travel time planned (or phone number / link tested)"),
        default=False,
    )
    prep_attire_decided = models.BooleanField(_("what to wear decided"), default=False)
    prep_resume_ready = models.BooleanField(_("resume copy ready"), default=False)
    prep_confirmed = models.BooleanField(
        _("confirmed with the contact the day before"), default=False
    )
    occupation = models.CharField(
        _("occupation you are exploring"),
        max_length=200,
        blank=True,
        help_text=_("Fills {occupation} in the questions; their job title if empty."),
    )
    logistics_notes = models.TextField(
        _("getting there"), blank=True, help_text=_("Route, travel time, what to wear.")
    )

    notes = models.TextField(_("notes from the conversation"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # For calendars: the event keeps its UID through reschedules, and each
    # change raises its SEQUENCE so calendar programs take the newer version.
    uid = models.UUIDField(
        _("calendar id"), default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar version"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InterviewQuerySet.as_manager()

    PREP_FIELDS = (
        "prep_researched",
        "prep_questions_ready",
        "prep_route_planned",
        "prep_attire_decided",
        "prep_resume_ready",
        "prep_confirmed",
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "starts_at"], name="interview_owner_start")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=180),
                name="interview_duration_5_to_180_minutes",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=InterviewFormat.values),
                name="interview_format_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InterviewStatus.values),
                name="interview_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True)
                | models.Q(status="completed"),
                name="interview_completed_at_only_when_completed",
            ),
        ]

    def __str__(self):
        return _("Interview with %(contact)s") % {"contact": self.contact}

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def place(self):
        """Where it happens: the address or link given, and for a telephone
        interview with none given, the number to call (the contact's own)."""
        if self.location:
            return self.location
        if self.format == self.Format.TELEPHONE:
            return self.contact.phone
        return ""

    @classmethod
    def latest_day(cls, today):
        """The last day an interview can be scheduled on, seen from today."""
        years = today.year + cls.MAX_YEARS_AHEAD
        try:
            return today.replace(year=years)
        except ValueError:  # 29 February, in a year that has none
            return today.replace(year=years, day=28)

    def clean(self):
        if self.owner_id and self.contact_id and self.contact.owner_id != self.owner_id:
            raise ValidationError({"contact": _("Choose one of your own contacts.")})
        if self.request_id and self.request.contact_id != self.contact_id:
            raise ValidationError(
                {"request": _("The request must be to the same contact.")}
            )

    def part_of_day(self, zone=None):
        """Where the start falls in a working day, seen from a zone (the owner's)."""
        local = timezone.localtime(self.starts_at, zone or self.owner.zone).time()
        if local < datetime.time(9, 0):
            return self.PartOfDay.BEFORE_WORK
        if local < datetime.time(11, 30):
            return self.PartOfDay.MORNING
        if local < datetime.time(14, 0):
            return self.PartOfDay.LUNCH
        if local < datetime.time(16, 0):
            return self.PartOfDay.AFTERNOON
        return self.PartOfDay.END_OF_DAY

    # Telephone and video interviews need no thought about what to wear.
    ATTIRE_FORMATS = (InterviewFormat.IN_PERSON,)

    @property
    def format_in_sentence(self):
        """The format as it reads mid-sentence: "30 minutes, by telephone"."""
        return {
            self.Format.IN_PERSON: _("in person"),
            self.Format.TELEPHONE: _("by telephone"),
            self.Format.VIDEO: _("by video"),
        }.get(self.format, self.get_format_display())

    @property
    def kind_of_interview(self):
        """What kind of interview it is: "Video interview"."""
        return {
            self.Format.IN_PERSON: _("In-person interview"),
            self.Format.TELEPHONE: _("Telephone interview"),
            self.Format.VIDEO: _("Video interview"),
        }.get(self.format, _("Interview"))

    @property
    def prep_fields(self):
        """The checklist items that apply to this interview's format."""
        if self.format in self.ATTIRE_FORMATS:
            return self.PREP_FIELDS
        return tuple(f for f in self.PREP_FIELDS if f != "prep_attire_decided")

    @property
    def prep_done(self):
        return sum(bool(getattr(self, name)) for name in self.prep_fields)

    @property
    def prep_total(self):
        return len(self.prep_fields)

    def has_started(self, now=None):
        """Whether the conversation's start has come, so its outcome can be told."""
        return (now or timezone.now()) >= self.starts_at

    def _require_started(self):
        if not self.has_started():
            raise NotStartedYet("The interview has not started yet.")

    @transaction.atomic
    def complete(self, when=None):
        """The conversation took place (it can be told once it has started)."""
        if self.status not in (self.Status.SCHEDULED, self.Status.NO_SHOW):
            raise InvalidTransition(f"A {self.status} interview cannot be completed.")
        self._require_started()
        self.status = self.Status.COMPLETED
        self.completed_at = when or timezone.now()
        self.save(update_fields=["status", "completed_at", "updated_at"])
        self.contact.advance_to(Contact.Stage.INTERVIEWED, when=self.completed_at)
        # The day it started, which has come: never a day still ahead.
        self.contact.record_contact(timezone.localdate(self.starts_at, self.owner.zone))

    def mark_no_show(self):
        if self.status != self.Status.SCHEDULED:
            raise InvalidTransition(f"A {self.status} interview cannot be a no-show.")
        self._require_started()
        self.status = self.Status.NO_SHOW
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def reopen(self):
        """Undo "it took place": the interview is scheduled again.

        The contact goes back to "scheduled" only if completing this interview
        is what moved them to "interviewed" (the stage changed at the very
        moment it was completed); a later or hand-made move stays. Whether the
        thank-you note allows it is for the note's own app to say.
        """
        if self.status != self.Status.COMPLETED:
            raise InvalidTransition(f"A {self.status} interview cannot be reopened.")
        completed_at = self.completed_at
        self.status = self.Status.SCHEDULED
        self.completed_at = None
        self.save(update_fields=["status", "completed_at", "updated_at"])
        contact = self.contact
        if (
            contact.stage == Contact.Stage.INTERVIEWED
            and contact.stage_changed_at == completed_at
        ):
            contact.move_to(Contact.Stage.SCHEDULED)

    def cancel(self, reason=""):
        if self.status != self.Status.SCHEDULED:
            raise InvalidTransition(f"A {self.status} interview cannot be cancelled.")
        self.status = self.Status.CANCELLED
        self.cancel_reason = reason
        self.sequence += 1
        self.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])

    @transaction.atomic
    def reschedule(self, starts_at, duration_minutes=None, location=None):
        """Move the interview, keeping the earlier time in its history."""
        if self.status != self.Status.SCHEDULED:
            raise InvalidTransition(f"A {self.status} interview cannot be moved.")
        self.reschedules.create(
            previous_starts_at=self.starts_at,
            previous_duration_minutes=self.duration_minutes,
        )
        self.starts_at = starts_at
        if duration_minutes is not None:
            self.duration_minutes = duration_minutes
        if location is not None:
            self.location = location
        self.sequence += 1
        self.save(
            update_fields=[
                "starts_at",
                "duration_minutes",
                "location",
                "sequence",
                "updated_at",
            ]
        )

    def overlapping(self):
        """The owner's other scheduled interviews that overlap this one."""
        others = (
            Interview.objects.filter(
                owner_id=self.owner_id, status=self.Status.SCHEDULED
            )
            .exclude(pk=self.pk)
            .filter(starts_at__lt=self.ends_at)
            .select_related("contact")
        )
        # The database cannot add each row's own duration portably; the
        # candidates are few (they start before this one ends), so finish here.
        return [other for other in others if other.ends_at > self.starts_at]


class Reschedule(models.Model):
    """An earlier time of an interview that was moved."""

    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="reschedules",
        verbose_name=_("interview"),
    )
    previous_starts_at = models.DateTimeField(_("was to start"))
    previous_duration_minutes = models.PositiveSmallIntegerField(
        _("was to last (minutes)")
    )
    rescheduled_at = models.DateTimeField(_("moved on"), auto_now_add=True)

    class Meta:
        verbose_name = _("reschedule")
        verbose_name_plural = _("reschedules")
        ordering = ["-rescheduled_at", "-id"]

    def __str__(self):
        return str(self.previous_starts_at)


PLACEHOLDERS = ("occupation", "organization", "region", "contact_name")


def validate_placeholders(text):
    """Only the known {placeholders} may appear in a question."""
    unknown = set()
    try:
        for _literal, name, _spec, _conv in string.Formatter().parse(text):
            if name is not None and name not in PLACEHOLDERS:
                unknown.add(name)
    except ValueError:
        raise ValidationError(
            _(
                "Braces must come in pairs, like {occupation}; "
                "write {{ or }} for a brace on its own."
            ),
            code="unbalanced",
        ) from None
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. You can use %(known)s."),
            code="unknown_placeholder",
            params={
                "names": ", ".join(sorted(f"{{{n}}}" for n in unknown)),
                "known": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
            },
        )


class QuestionQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(owner__isnull=True)

    def available_to(self, user):
        """The shared bank plus the user's own questions."""
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))


class QuestionCategory(models.TextChoices):
    DAY_TO_DAY = "day_to_day", _("The day-to-day of the work")
    PEOPLE = "people", _("People and teamwork")
    CAREER_PATH = "career_path", _("Career path and ways in")
    TRENDS = "trends", _("The field's future")
    ADVICE = "advice", _("Advice")
    RESOURCES = "resources", _("Resources and who else to speak with")


class Question(models.Model):
    """A question in the bank: shared (kept by staff) or a user's own."""

    Category = QuestionCategory

    MAX_LENGTH = 500

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("owner"),
        help_text=_("Empty for the shared bank."),
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Names a question of the seeded bank, so code can find it."),
    )
    text = models.TextField(
        _("question"), max_length=MAX_LENGTH, validators=[validate_placeholders]
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="question_text_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=QuestionCategory.values),
                name="question_category_valid",
            ),
        ]

    def __str__(self):
        return self.text


class InterviewQuestionQuerySet(OwnedQuerySet):
    owner_lookup = "interview__owner"


class InterviewQuestion(models.Model):
    """One interview's own copy of a question, in its order, with the answer.

    The text is copied when the question is added, so later edits to the bank
    never rewrite what was asked in a past interview.
    """

    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("interview"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the bank"),
    )
    text = models.TextField(
        _("question"),
        max_length=Question.MAX_LENGTH,
        validators=[validate_placeholders],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    answer = models.TextField(_("answer"), blank=True)

    objects = InterviewQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="interview_question_text_not_empty"
            ),
        ]

    def __str__(self):
        return self.text

    @classmethod
    def copy_from(cls, interview, question, position):
        return cls(
            interview=interview,
            question=question,
            text=question.text,
            position=position,
        )


class MessageTemplateQuerySet(OwnedQuerySet):
    def campus(self):
        """The career centre's wording, which students start from."""
        return self.filter(owner__isnull=True)

    def wording_for(self, user, kind):
        """The user's own template of this kind, else the campus one, or None."""
        return (
            self.filter(models.Q(owner=user) | models.Q(owner__isnull=True), kind=kind)
            .order_by(models.F("owner").asc(nulls_last=True))
            .first()
        )


class MessageTemplate(models.Model):
    """Wording for one kind of message: a user's own, or (without an owner)
    the campus wording staff keep, which students start from. The defaults
    that ship stand behind both, in interviews/drafting.py."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email request")
        CALL = "call", _("Telephone call script")
        VOICEMAIL = "voicemail", _("Voicemail message")
        LETTER = "letter", _("Letter")
        THANK_YOU = "thank_you", _("Thank-you note")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="message_templates",
        verbose_name=_("owner"),
        help_text=_("Empty for the campus wording."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MessageTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind"], name="message_template_one_per_kind"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(owner__isnull=True),
                name="message_template_one_campus_wording_per_kind",
                violation_error_message=_(
                    "The campus already has wording of this kind; change that one."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(body=""), name="message_template_body_not_empty"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


# The limits on the email Infointerview sends for students. An open mail relay
# is what an attacker wants of us: one account once sent 615 messages in a
# minute through the college's server.


class SendingLimit(models.TextChoices):
    STUDENT_DAY = "student_day", _("A student's emails in a day")
    RECIPIENT_WEEK = "recipient_week", _("Emails to one address in a week")
    SITE_HOUR = "site_hour", _("Everyone's emails in an hour")


# How far back each rolling limit looks; a student's day is their calendar day.
LOOKS_BACK = {
    SendingLimit.RECIPIENT_WEEK: datetime.timedelta(days=7),
    SendingLimit.SITE_HOUR: datetime.timedelta(hours=1),
}
# Longer than any limit looks back: what is older counts for nothing.
SENT_EMAILS_KEPT_FOR = datetime.timedelta(days=7)


class SendingLimitReached(Exception):
    """An email refused by a sending limit: which one (a SendingLimit), and
    the moment it frees a place (`frees_at`)."""

    def __init__(self, limit, frees_at):
        super().__init__(f"{limit} reached until {frees_at.isoformat()}")
        self.limit = SendingLimit(limit)
        self.frees_at = frees_at


class Allowance(typing.NamedTuple):
    """What a student may send from Infointerview now, to one address."""

    left_today: int
    # The limit an email to that address would meet now, or None.
    refused: SendingLimitReached | None


def recipient_digest(address):
    """What the limits know an address by: a keyed hash of it, in any case and
    without surrounding spaces (so capitals cannot dodge a limit), and never
    the address itself."""
    normalized = str(address).strip().casefold()
    return salted_hmac(
        "infointerview.sending-limits.recipient", normalized, algorithm="sha256"
    ).hexdigest()


class SentEmailQuerySet(OwnedQuerySet):
    def claim(self, user, address, now=None):
        """Count an email from `user` to `address` against the sending limits,
        before it goes: the SentEmail returned holds its place, and is to be
        deleted if the email is not delivered after all.

        Over a limit, the refusal is recorded (a SendingLimitHit, for staff)
        and SendingLimitReached raised, naming the limit that frees last.

        The student's row is locked first, so one student's sends at the same
        moment (two tabs, two app servers) are counted one after the other:
        the daily and per-address limits hold exactly. The site-wide hourly
        count takes no lock of its own, so that students do not wait on one
        another: those sending at the very same moment may each see the last
        place free, and it can be overshot by at most the number of students
        sending at once. SQLite takes its write lock when the transaction
        starts, and so counts every claim one after the other anyway.
        """
        now = now or timezone.now()
        digest = recipient_digest(address)
        with transaction.atomic():
            User.objects.select_for_update().only("pk").get(pk=user.pk)
            refused = self._refusal(user, digest, now)
            if refused is None:
                # Whom a student wrote to, even as a digest, is kept no
                # longer than a limit counts it.
                self.filter(sent_at__lte=now - SENT_EMAILS_KEPT_FOR).delete()
                return self.create(owner=user, recipient_digest=digest, sent_at=now)
            SendingLimitHit.objects.create(owner=user, limit=refused.limit, at=now)
        raise refused

    def allowance(self, user, address, now=None):
        """How many more emails the student may send today, and the limit an
        email to `address` would meet now (None if it would go): one query,
        and one more for each rolling limit reached."""
        now = now or timezone.now()
        rules = self._rules(user, recipient_digest(address), now)
        counts = self._counts(rules, user, now)
        daily = settings.EMAILS_PER_STUDENT_PER_DAY
        return Allowance(
            left_today=max(0, daily - counts[SendingLimit.STUDENT_DAY]),
            refused=self._latest_to_free(rules, counts, user, now),
        )

    def _refusal(self, user, digest, now):
        rules = self._rules(user, digest, now)
        return self._latest_to_free(rules, self._counts(rules, user, now), user, now)

    def _rules(self, user, digest, now):
        """(limit, how many it allows, the rows it counts) for an email now."""
        return [
            (
                SendingLimit.STUDENT_DAY,
                settings.EMAILS_PER_STUDENT_PER_DAY,
                models.Q(owner=user, sent_at__gte=_midnight(now, user.zone)),
            ),
            (
                SendingLimit.RECIPIENT_WEEK,
                settings.EMAILS_PER_RECIPIENT_PER_WEEK,
                models.Q(
                    owner=user,
                    recipient_digest=digest,
                    sent_at__gt=now - LOOKS_BACK[SendingLimit.RECIPIENT_WEEK],
                ),
            ),
            (
                SendingLimit.SITE_HOUR,
                settings.EMAILS_PER_SITE_PER_HOUR,
                models.Q(sent_at__gt=now - LOOKS_BACK[SendingLimit.SITE_HOUR]),
            ),
        ]

    def _counts(self, rules, user, now):
        """{limit: the rows it counts now}, all in one query."""
        # The student's week and everyone's hour hold every row counted.
        candidates = self.filter(
            models.Q(owner=user, sent_at__gt=now - SENT_EMAILS_KEPT_FOR)
            | models.Q(sent_at__gt=now - LOOKS_BACK[SendingLimit.SITE_HOUR])
        )
        return candidates.aggregate(
            **{limit: models.Count("pk", filter=rows) for limit, _most, rows in rules}
        )

    def _latest_to_free(self, rules, counts, user, now):
        """SendingLimitReached for the reached limit that frees last, or None."""
        reached = [
            SendingLimitReached(
                limit, self._frees_at(limit, rows, counts[limit] - most, user, now)
            )
            for limit, most, rows in rules
            if counts[limit] >= most
        ]
        return max(reached, key=lambda refusal: refusal.frees_at, default=None)

    def _frees_at(self, limit, rows, over, user, now):
        """When the limit, `over` emails past its last place, frees one."""
        if limit == SendingLimit.STUDENT_DAY:
            return _midnight(now, user.zone, days_on=1)
        # A place frees when enough of the oldest rows have left the window.
        oldest = self.filter(rows).order_by("sent_at").values_list("sent_at")
        return oldest[over][0] + LOOKS_BACK[limit]


def _midnight(moment, zone, days_on=0):
    """The midnight that starts `moment`'s day in `zone` (or a day `days_on`)."""
    day = timezone.localdate(moment, zone) + datetime.timedelta(days=days_on)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zone)


class SentEmail(models.Model):
    """One email Infointerview sent for a student to a contact, as the sending
    limits count it: who, when, and a keyed digest of the address it went to,
    never the address itself nor a word of the email.

    Claimed before the email goes (SentEmail.objects.claim), deleted if it is
    not delivered, and forgotten after a week, the longest a limit looks back.
    The student's own copy is not counted: it goes with the contact's email.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_emails",
        verbose_name=_("owner"),
    )
    recipient_digest = models.CharField(
        _("recipient's digest"), max_length=64, editable=False
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = SentEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "sent_at"], name="sentemail_owner_sent"),
            # Everyone's hour, and forgetting what is a week old.
            models.Index(fields=["sent_at"], name="sentemail_sent"),
        ]

    def __str__(self):
        return _("Email sent at %(when)s") % {"when": self.sent_at}


class SendingLimitHit(models.Model):
    """An email refused by a sending limit: whose, which limit and when, for
    staff to see who hits the limits (never to whom the email was, nor a word
    of it)."""

    Limit = SendingLimit

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sending_limit_hits",
        verbose_name=_("student"),
    )
    limit = models.CharField(_("limit"), max_length=20, choices=SendingLimit.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("sending limit reached")
        verbose_name_plural = _("sending limits reached")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at"], name="sendinglimithit_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limit__in=SendingLimit.values),
                name="sendinglimithit_limit_valid",
            ),
        ]

    def __str__(self):
        return self.get_limit_display()
