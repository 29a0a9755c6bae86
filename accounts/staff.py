"""The permissions career-centre staff hold in the admin."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

STAFF_GROUP_NAME = "Career centre staff"

MODEL_ACTIONS = ("add", "change", "delete", "view")

# What the career centre runs: the directory (and its organizations), the
# shared question bank and the campus wording. The admin classes show staff
# only the shared rows of these models, never a student's own.
RUN_BY_STAFF = (
    ("contacts", "directoryentry"),
    ("contacts", "organization"),
    ("interviews", "question"),
    ("interviews", "messagetemplate"),
)

# What staff see of students' activity, and of accounts: never a delete,
# never a resume (resumes are private to their owner), and the reports.
SEEN_BY_STAFF = (
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_reports"),
    ("interviews", "view_interviewrequest"),
    ("interviews", "view_interview"),
    ("followups", "view_thankyounote"),
    ("followups", "view_reminderdigest"),
    # Who reached a sending limit, and when; never the emails sent themselves.
    ("interviews", "view_sendinglimithit"),
    # Sign-in lockouts, which staff lift for a student who asks (Unlock).
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
)


def _wanted():
    for app_label, model in RUN_BY_STAFF:
        for action in MODEL_ACTIONS:
            yield app_label, f"{action}_{model}"
    yield from SEEN_BY_STAFF


def staff_permissions():
    """The permissions of the staff group, looked up by app label and codename.

    By strings, not models: accounts is the lowest layer and must not import
    the apps above it.
    """
    wanted = Q(pk__in=[])
    for app_label, codename in _wanted():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted).select_related("content_type")


def ensure_staff_group():
    """Create the staff group, or bring its permissions up to date; safe to repeat."""
    permissions = list(staff_permissions())
    _check_complete(permissions)
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.set(permissions)
    return group


def _check_complete(permissions):
    # Permissions are created by migrate; without them the group would be
    # created empty and staff would silently see nothing.
    found = {(p.content_type.app_label, p.codename) for p in permissions}
    missing = [
        f"{app}.{codename}"
        for app, codename in _wanted()
        if (app, codename) not in found
    ]
    if missing:
        raise RuntimeError(
            f"Permissions missing for {', '.join(missing)}; run migrate first."
        )
