"""Django's changepassword, recorded in the account's history with who and why.

Django's own command saves the user plainly, which leaves a history row with no actor and a
placeholder reason. This one asks the same questions and saves through the audit trail as the
system, with the reason "Password changed with manage.py changepassword".
"""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnership.audit import audited_save
from partnership.permissions import SYSTEM

REASON = "Password changed with manage.py changepassword"


class Command(BaseCommand):
    help = "Change a user's password (recorded in the account's history)."
    requires_migrations_checks = True

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", help="defaults to the current system user")

    def handle(self, *args, username: str | None = None, **options) -> str:
        username = username or getpass.getuser()
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"user '{username}' does not exist") from error
        self.stdout.write(f"Changing password for user '{user}'")
        for _ in range(3):
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                self.stdout.write("Passwords do not match. Please try again.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            user.set_password(first)
            audited_save(user, by=SYSTEM, reason=REASON)
            return f"Password changed successfully for user '{user}'"
        raise CommandError(f"Aborting password change for user '{user}' after 3 attempts")
