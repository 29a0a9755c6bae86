"""The demo accounts that `seed_demo` makes, and which of them still work.

Their passwords are published (here, in the README, on a development site's
login page), so they exist only where DEBUG is on or `--force` was given.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.translation import gettext_lazy as _

from accounts.models import User

DEMO_EMAIL = "demo@infointerview.test"
DEMO_PASSWORD = "curtain-up-at-eight"
STAFF_EMAIL = "staff@infointerview.test"
STAFF_PASSWORD = "box-office-opens-at-noon"

LOGINS = (
    (_("a student with contacts at every stage"), DEMO_EMAIL, DEMO_PASSWORD),
    (_("career-centre staff (the admin)"), STAFF_EMAIL, STAFF_PASSWORD),
)

# Password hashes already found to hold a demo password. Hashing is slow on
# purpose, and a login page that hashed twice per view would be too; a stored
# hash that changes (a new password) is checked afresh.
_known_hashes = set()


def still_has_demo_password(user, password):
    """Whether the account still opens with its published demo password."""
    if user.password in _known_hashes:
        return True
    # The plain hasher function: User.check_password would re-save the hash.
    if check_password(password, user.password):
        _known_hashes.add(user.password)
        return True
    return False


def demo_logins():
    """(who, email, password) for each demo account that a visitor can use.

    Nothing outside development: an account's password is shown only while
    DEBUG is on, the account is active and the password is still the demo one.
    """
    if not settings.DEBUG:
        return []
    users = {
        user.email: user
        for user in User.objects.filter(
            email__in=[email for _who, email, _password in LOGINS], is_active=True
        )
    }
    return [
        (who, email, password)
        for who, email, password in LOGINS
        if email in users and still_has_demo_password(users[email], password)
    ]
