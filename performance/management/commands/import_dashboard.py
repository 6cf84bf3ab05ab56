"""Import a performance dashboard from a paper's text or a workbook, as the system."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnership.models import Partnership
from partnership.permissions import SYSTEM
from performance import services
from performance.paper import read_paper
from performance.spreadsheet import read_workbook
from performance.table import TableError
from recommendations.markings import Marking


class Command(BaseCommand):
    help = "Import a performance dashboard (paper text or .xlsx) into a partnership."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--partnership", required=True, help="The partnership's name")
        parser.add_argument("--marking", default=Marking.OFFICIAL, choices=Marking.values)

    def handle(self, *args, path: Path, partnership: str, marking: str, **options) -> None:
        found = Partnership.objects.filter(name=partnership).first()
        if found is None:
            raise CommandError(f"No partnership is called {partnership!r}.")
        try:
            data = path.read_bytes()
            parsed = (
                read_workbook(data)
                if path.suffix.lower() == ".xlsx"
                else read_paper(data.decode("utf-8-sig"))
            )
            dashboard = services.dashboard_import(
                partnership=found,
                parsed=parsed,
                marking=marking,
                by=SYSTEM,
                reason=f"Imported from {path.name} (command line)",
            )
        except (OSError, UnicodeDecodeError, TableError, ValidationError) as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(
            f"Imported {dashboard.title}: {len(parsed.outcomes)} outcomes, "
            f"{len(parsed.indicators)} indicators, {len(parsed.footnotes)} footnotes."
        )
