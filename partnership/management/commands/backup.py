"""Back up the database to a file (pg_dump on PostgreSQL, the SQLite online backup API)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import backup


class Command(BaseCommand):
    help = "Write a consistent copy of the database to --output while the service keeps running."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, output: Path, **options) -> None:
        try:
            backup(output)
        except Exception as error:  # noqa: BLE001 - any failure is a failed backup
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(f"Backed up to {output} ({output.stat().st_size:,} bytes).")
