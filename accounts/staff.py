"""The permissions career-centre staff hold in the admin."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

STAFF_GROUP_NAME = "Career centre staff"

# Staff run these apps in full from the admin.
FULL_ACCESS_APPS = ("contacts", "interviews", "followups")
MODEL_ACTIONS = ("add", "change", "delete", "view")

# Accounts by name only: staff manage students' accounts but never delete them
# and never download a resume (resumes are private to their owner).
ACCOUNT_PERMISSIONS = (
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_resume"),
)


def staff_permissions():
    """The permissions of the staff group, looked up by app label and codename.

    By strings, not models: accounts is the lowest layer and must not import
    the apps above it.
    """
    by_action = Q()
    for action in MODEL_ACTIONS:
        by_action |= Q(codename__startswith=f"{action}_")
    wanted = Q(content_type__app_label__in=FULL_ACCESS_APPS) & by_action
    for app_label, codename in ACCOUNT_PERMISSIONS:
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
    found_apps = {p.content_type.app_label for p in permissions}
    found_codenames = {(p.content_type.app_label, p.codename) for p in permissions}
    missing = [app for app in FULL_ACCESS_APPS if app not in found_apps]
    missing += [
        f"{app}.{codename}"
        for app, codename in ACCOUNT_PERMISSIONS
        if (app, codename) not in found_codenames
    ]
    if missing:
        raise RuntimeError(
            f"Permissions missing for {', '.join(missing)}; run migrate first."
        )
