"""Restore the database from a file written by `manage.py backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import restore


class Command(BaseCommand):
    help = "Replace the database with the copy in --input (stop the app servers first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, input: Path, yes: bool, **options) -> None:
        if not input.exists():
            raise CommandError(f"No backup file at {input}")
        if not yes and input_answer(self) != "yes":
            raise CommandError("Restore cancelled: nothing was changed.")
        try:
            restore(input)
        except Exception as error:  # noqa: BLE001 - any failure is a failed restore
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(f"Restored from {input}. Run `manage.py verify_history` to check it.")


def input_answer(command: BaseCommand) -> str:
    command.stdout.write("This replaces everything in the database. Type yes to go on: ")
    return input().strip().lower()
