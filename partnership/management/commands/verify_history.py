"""Check that the audit trail and the data agree; exit non-zero on any drift."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from partnership.verify import all_drift, audited_models


class Command(BaseCommand):
    help = (
        "Check that every audited row equals its latest history row and every issued paper "
        "matches its SHA-256. Exits 1 and lists the drift if anything differs."
    )

    def handle(self, *args, **options) -> None:
        drift = list(all_drift())
        for item in drift:
            self.stderr.write(str(item))
        if drift:
            raise CommandError(f"{len(drift)} row(s) differ from the audit trail.")
        self.stdout.write(
            f"OK: {len(audited_models())} audited tables and every issued paper match the record."
        )
