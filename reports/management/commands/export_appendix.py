"""Export the outstanding-recommendations appendix as a PDF from the command line.

    python manage.py export_appendix --plan "Workshop Programme" --as-at 2017-05-31 \\
        --marking "NOT PROTECTIVELY MARKED" --output appendix.pdf

The same parameters give the same rows and words as the web page, for any as-at date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from recommendations.markings import Marking
from recommendations.models import ActionPlan
from reports import services
from reports.appendix.layouts import COLUMNS, LAYOUTS
from reports.appendix.params import AppendixParams


class Command(BaseCommand):
    help = "Export the outstanding recommendations appendix (as at a date) as a PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", action="append", required=True, help="Plan name or slug (repeat for several)"
        )
        parser.add_argument("--as-at", required=True, help="YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="Where to write the PDF")
        parser.add_argument("--marking", default="", choices=["", *Marking.values])
        parser.add_argument("--layout", default="", choices=["", *LAYOUTS])
        parser.add_argument("--columns", default="", help=f"Comma-separated: {', '.join(COLUMNS)}")
        parser.add_argument("--include-completed", action="store_true")

    def handle(self, *args, **options):
        try:
            as_at = date.fromisoformat(options["as_at"])
        except ValueError as exc:
            raise CommandError("--as-at must be a date like 2017-05-31") from exc
        if as_at > timezone.localdate():
            raise CommandError("--as-at must be today or in the past")
        plans = [self._plan(name) for name in options["plan"]]
        columns = tuple(c.strip() for c in options["columns"].split(",") if c.strip())
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            raise CommandError(f"Unknown columns: {', '.join(unknown)}")
        params = AppendixParams(
            plan_ids=tuple(plan.pk for plan in plans),
            as_at=as_at,
            marking=options["marking"],
            layout=options["layout"],
            columns=columns,
            include_completed=options["include_completed"],
        )
        result = services.appendix_render(params=params)
        Path(options["output"]).write_bytes(result.pdf)
        self.stdout.write(
            f"Wrote {options['output']}: {result.row_count} rows, {result.page_count} pages"
            f"{' (from the cache)' if result.cached else ''}."
        )

    def _plan(self, name: str) -> ActionPlan:
        matches = list(ActionPlan.objects.filter(Q(name__iexact=name) | Q(slug=name))[:2])
        if len(matches) != 1:
            raise CommandError(f"No single plan is called {name!r}")
        return matches[0]
