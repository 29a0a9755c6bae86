import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedQuerySet
from contacts.models import Contact
from interviews.models import Interview, InvalidTransition

EARLIEST_DATE = datetime.date(2000, 1, 1)
# A follow-up is due within five years; a date beyond is a typo.
DUE_YEARS_AHEAD = 5
THANK_YOU_DUE_AFTER = datetime.timedelta(hours=24)


class LearningQuerySet(OwnedQuerySet):
    owner_lookup = "interview__owner"


class LearningKind(models.TextChoices):
    CAREER = "career", _("Career planning")
    EMPLOYMENT = "employment", _("Employment planning")
    BOTH = "both", _("Career and employment planning")


class Learning(models.Model):
    """Something learned in one interview that helps plan a career or a job search."""

    Kind = LearningKind

    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="learnings",
        verbose_name=_("interview"),
    )
    kind = models.CharField(
        _("helps with"), max_length=10, choices=Kind.choices, default=Kind.CAREER
    )
    text = models.TextField(_("what you learned"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LearningQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning")
        verbose_name_plural = _("learnings")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="learning_text_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=LearningKind.values),
                name="learning_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text[:80]


# Words too common to show that a note mentions a particular learning.
_STOPWORDS = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "because",
        "been",
        "before",
        "being",
        "between",
        "could",
        "does",
        "doing",
        "during",
        "each",
        "from",
        "have",
        "having",
        "here",
        "into",
        "just",
        "like",
        "more",
        "most",
        "much",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "very",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
    ]
)
_WORD = re.compile(r"[^\W\d_]{4,}")


def key_words(text):
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


class ThankYouNoteQuerySet(OwnedQuerySet):
    owner_lookup = "interview__owner"


class ThankYouStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to send")
    SENT = "sent", _("Sent")


class ThankYouNote(models.Model):
    """The thank-you for one interview; it must mention something specific."""

    Status = ThankYouStatus

    class SentVia(models.TextChoices):
        EMAIL_APP = "email_app", _("From my own email")
        EMAIL = "email", _("Email from Infointerview")
        MAIL = "mail", _("By mail or by hand")

    interview = models.OneToOneField(
        Interview,
        on_delete=models.CASCADE,
        related_name="thank_you_note",
        verbose_name=_("interview"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("note"), blank=True)
    learnings = models.ManyToManyField(
        Learning,
        blank=True,
        related_name="thank_you_notes",
        verbose_name=_("learnings mentioned"),
    )
    ask_keep_in_mind = models.BooleanField(
        _("ask them to keep me in mind for suitable positions"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_via = models.CharField(
        _("sent by"), max_length=10, choices=SentVia.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ThankYouNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("thank-you note")
        verbose_name_plural = _("thank-you notes")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ThankYouStatus.values),
                name="thank_you_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="sent", sent_at__isnull=False)
                    & ~models.Q(sent_via="")
                )
                | (
                    ~models.Q(status="sent")
                    & models.Q(sent_at__isnull=True, sent_via="")
                ),
                name="thank_you_sent_fields_match_status",
            ),
        ]

    def __str__(self):
        return _("Thank-you to %(contact)s") % {"contact": self.interview.contact}

    @staticmethod
    def due_for(interview):
        """A thank-you is due within a day of the conversation."""
        return interview.ends_at + THANK_YOU_DUE_AFTER

    def missing_learning_error(self):
        """Why this note does not yet mention something learned, or None."""
        picked = list(self.learnings.all())
        if not picked:
            return _("Pick at least one thing you learned to mention in the note.")
        body_words = key_words(self.body)
        if not any(key_words(learning.text) & body_words for learning in picked):
            # The sentence's own stop follows the quote: none inside it too.
            quoted = picked[0].text[:120].strip().rstrip(".")
            return _(
                "The note does not mention what you learned yet. Say something "
                "specific from it, e.g. “%(learning)s”."
            ) % {"learning": quoted}
        return None

    def mark_ready(self):
        if self.status != self.Status.DRAFT:
            raise InvalidTransition(f"A {self.status} note cannot be made ready.")
        error = self.missing_learning_error()
        if error:
            raise ValidationError(error, code="mentions_nothing_learned")
        self.status = self.Status.READY
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def mark_sent(self, via, when=None):
        if self.status == self.Status.SENT:
            raise InvalidTransition("This note was already sent.")
        if self.status == self.Status.DRAFT:
            self.mark_ready()
        self.status = self.Status.SENT
        self.sent_via = self.SentVia(via)
        self.sent_at = when or timezone.now()
        self.save(update_fields=["status", "sent_via", "sent_at", "updated_at"])
        contact = self.interview.contact
        contact.advance_to(Contact.Stage.THANKED, when=self.sent_at)
        contact.record_contact(timezone.localdate(self.sent_at, contact.owner.zone))
        # The to-do that reminded the student of it is done too.
        FollowUp.objects.filter(
            interview=self.interview, kind=FollowUp.Kind.THANK_YOU, done_at__isnull=True
        ).update(done_at=self.sent_at, updated_at=timezone.now())


def latest_due(today):
    """The last day a follow-up can be due on, seen from today."""
    try:
        return today.replace(year=today.year + DUE_YEARS_AHEAD)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + DUE_YEARS_AHEAD, day=28)


class TooFarAhead(ValueError):
    """A date past the last one a follow-up can be due on."""


class FollowUpQuerySet(OwnedQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def due(self, on_date=None):
        """Open follow-ups due on or before the date (today by default)."""
        return self.open().filter(due_on__lte=on_date or timezone.localdate())

    def overdue(self, on_date=None):
        return self.open().filter(due_on__lt=on_date or timezone.localdate())


class FollowUpKind(models.TextChoices):
    THANK_YOU = "thank_you", _("Send the thank-you note")
    PURSUE_LEAD = "pursue_lead", _("Pursue a new lead")
    SEND_RESUME = "send_resume", _("Send my resume")
    SHARE_ARTICLE = "share_article", _("Share an article")
    SHARE_ACHIEVEMENT = "share_achievement", _("Share an achievement")
    CHECK_IN = "check_in", _("Check in")
    OTHER = "other", _("Other")


class FollowUp(models.Model):
    """A dated task for a contact."""

    Kind = FollowUpKind

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("contact"),
    )
    interview = models.ForeignKey(
        Interview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("from interview"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what to do"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "due_on"], name="followup_owner_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=FollowUpKind.values),
                name="followup_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""), name="followup_title_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=EARLIEST_DATE),
                name="followup_due_on_plausible",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_at is not None

    def mark_done(self, when=None):
        if self.is_done:
            return
        self.done_at = when or timezone.now()
        self.save(update_fields=["done_at", "updated_at"])

    def snooze(self, days=1, today=None):
        """Push the task back by some days from today, or from its due date if later."""
        if days < 1:
            raise ValueError("Snooze by at least one day.")
        today = today or timezone.localdate()
        start = max(today, self.due_on)
        if start > latest_due(today) - datetime.timedelta(days=days):
            raise TooFarAhead("A follow-up is due within five years.")
        self.due_on = start + datetime.timedelta(days=days)
        self.save(update_fields=["due_on", "updated_at"])


class TouchpointQuerySet(OwnedQuerySet):
    def log(self, *, contact, kind, happened_on, link="", note=""):
        """Record a touchpoint and note the contact with the person."""
        with transaction.atomic():
            touchpoint = self.create(
                owner=contact.owner,
                contact=contact,
                kind=kind,
                happened_on=happened_on,
                link=link,
                note=note,
            )
            contact.record_contact(happened_on)
        return touchpoint


class TouchpointKind(models.TextChoices):
    ARTICLE = "article", _("Shared an article")
    ACHIEVEMENT = "achievement", _("Shared news of an achievement")
    CHECK_IN = "check_in", _("Checked in")
    MEETING = "meeting", _("Met")
    OTHER = "other", _("Other")


class Touchpoint(models.Model):
    """A dated contact with someone in the network."""

    Kind = TouchpointKind

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="touchpoints",
        verbose_name=_("owner"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="touchpoints",
        verbose_name=_("contact"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    link = models.URLField(
        _("link"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("e.g. the article you shared."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TouchpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["-happened_on", "-id"]
        indexes = [
            # The reports: a student's touchpoints in a period.
            models.Index(
                fields=["owner", "happened_on"], name="touchpoint_owner_happened"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TouchpointKind.values),
                name="touchpoint_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(link="")
                | models.Q(link__istartswith="http://")
                | models.Q(link__istartswith="https://"),
                name="touchpoint_link_is_web_address",
            ),
            models.CheckConstraint(
                condition=models.Q(happened_on__gte=EARLIEST_DATE),
                name="touchpoint_date_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.contact}"


class ReminderDigest(models.Model):
    """The one reminder email of a user's day: its row is claimed before the
    email goes, so a second run (or a second machine) the same day sends
    nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    item_count = models.PositiveSmallIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder email")
        verbose_name_plural = _("reminder emails")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"], name="reminder_digest_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.day}"
