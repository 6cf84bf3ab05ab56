"""Create a real partnership and its first administrator (safe to run again).

    python manage.py setup_partnership --name NAME [--short-name X] --admin-email EMAIL
                                       [--site-url https://tracker.example.gov.uk]

Prints a one-time link with which the administrator sets their own password. Run again, it
changes nothing that exists and prints a fresh link only while that password is still unset.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from partnership import services
from partnership.invitations import invitation_days, invitation_path
from partnership.models import Partnership, Role, User
from partnership.permissions import SYSTEM

REASON = "First run: setup_partnership"


class Command(BaseCommand):
    help = "Create a partnership and its first administrator, printing a set-password link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The partnership's full name")
        parser.add_argument("--short-name", default="", help="A short name, for example SCP")
        parser.add_argument("--admin-email", required=True, help="The first administrator")
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the tracker is served, to build the link (default: %(default)s)",
        )

    def handle(self, *args, **options) -> None:
        name, email = " ".join(options["name"].split()), options["admin_email"].strip().lower()
        if not name:
            raise CommandError("Give the partnership a name with --name.")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"--admin-email {email!r} is not an email address.") from error
        with transaction.atomic():
            partnership = self._partnership(name, options["short_name"].strip())
            admin = self._administrator(email, partnership)
        if admin.has_usable_password():
            self.stdout.write(f"{email} has already set a password: sign in as {email}.")
            return
        link = options["site_url"].rstrip("/") + invitation_path(admin)
        self.stdout.write(
            f"Set the administrator's password (once, within {invitation_days()} days) at:\n"
            f"{link}\n"
            f"Then sign in as {admin.username} and add {partnership.name}'s organisations."
        )

    def _partnership(self, name: str, short_name: str) -> Partnership:
        existing = Partnership.objects.filter(name__iexact=name).first()
        if existing is not None:
            self.stdout.write(f'Partnership "{existing.name}" already exists; left as it is.')
            return existing
        partnership = services.partnership_create(
            name=name, short_name=short_name, by=SYSTEM, reason=REASON
        )
        self.stdout.write(f'Created partnership "{partnership.name}".')
        return partnership

    def _administrator(self, email: str, partnership: Partnership) -> User:
        existing = User.objects.filter(username__iexact=email).first()
        if existing is not None:
            if not existing.is_admin_role:
                raise CommandError(f"{email} already has an account that is not an administrator.")
            self.stdout.write(f"Administrator {existing.username} already exists.")
            if not existing.partnerships.filter(pk=partnership.pk).exists():
                services.user_update(
                    user=existing,
                    partnerships=[*existing.partnerships.all(), partnership],
                    by=SYSTEM,
                    reason=REASON,
                )
            return existing
        admin = services.user_invite(
            email=email, role=Role.ADMIN, partnerships=[partnership], by=SYSTEM, reason=REASON
        )
        self.stdout.write(f"Created administrator {admin.username}.")
        return admin
