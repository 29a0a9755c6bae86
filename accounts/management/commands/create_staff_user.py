"""Create or update a career-centre staff member who works in the admin."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import User
from accounts.staff import STAFF_GROUP_NAME, ensure_staff_group

PASSWORD_VARIABLE = "STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update a staff user in the “Career centre staff” group. The "
        f"password comes from ${PASSWORD_VARIABLE} if set, otherwise it is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default=None)
        parser.add_argument("--last-name", default=None)

    def handle(self, *args, email, first_name, last_name, **options):
        email = _checked_email(email)
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        _set_names(user, first_name, last_name)
        password = self._read_password(user)
        with transaction.atomic():
            group = ensure_staff_group()
            user = self._save(user, password)
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"{user.email} is in the group “{STAFF_GROUP_NAME}”.")
        )

    def _read_password(self, user):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was changed.")
        else:
            self.stdout.write(f"Using the password from ${PASSWORD_VARIABLE}.")
        try:
            # The user is passed so that a password like their email is refused.
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

    def _save(self, user, password):
        if user.pk is None:
            user = User.objects.create_user(
                user.email,
                password,
                first_name=user.first_name,
                last_name=user.last_name,
                is_staff=True,
            )
            self.stdout.write(f"Created the staff user {user.email}.")
            return user
        user.is_staff = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Updated {user.email}: staff, with the new password.")
        return user


def _checked_email(email):
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise CommandError(f"{email!r} is not an email address.") from None
    return email


def _set_names(user, first_name, last_name):
    # Only the names given change; an update keeps the others.
    if first_name is not None:
        user.first_name = first_name
    if last_name is not None:
        user.last_name = last_name
