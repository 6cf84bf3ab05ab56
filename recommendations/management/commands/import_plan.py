"""Import an action plan (CSV, XLSX, DOCX, text, HTML) into a plan, creating it if needed.

    python manage.py import_plan PATH [--plan NAME] [--kind KIND] [--partnership NAME]
                                      [--table N] [--format FMT] [--dry-run] [--user USERNAME]

With --user the import is recorded as that clerk's and may only go into a partnership they
serve; without it the product itself (SYSTEM) imports.

Nothing is written when the file has errors (the command exits non-zero) or with --dry-run.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from partnership.models import Partnership, User
from partnership.permissions import SYSTEM, Actor, is_system
from recommendations.models import PlanKind
from recommendations.permissions import can_manage_plans
from recommendations.plan_import import MAX_BYTES, ImportReport, parse_file, plan_import
from recommendations.plan_import.read.formats import FORMATS


class Command(BaseCommand):
    help = "Import an action plan from a file (see docs/guide-importing.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to import")
        parser.add_argument("--plan", default="", help="Plan name (default: the file's name)")
        parser.add_argument("--kind", default="", choices=["", *PlanKind.values])
        parser.add_argument("--partnership", default="", help="Partnership name or short name")
        parser.add_argument("--table", type=int, default=None, help="Table number (0-based)")
        parser.add_argument("--format", default=None, choices=FORMATS, dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change")
        parser.add_argument("--user", default="", help="Import as this clerk (username)")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path} is larger than {MAX_BYTES // 1048576} MB.")
        result = parse_file(
            path.read_bytes(), path.name, fmt=options["fmt"], table=options["table"]
        )
        has_plan_column = any(r.fields.get("plan") for r in result.rows)
        by = _actor(options["user"])
        report = plan_import(
            result=result,
            plan_name=options["plan"] or ("" if has_plan_column else _name_from(path)),
            kind=options["kind"],
            partnership=_partnership(options["partnership"], by),
            by=by,
            filename=path.name,
            dry_run=options["dry_run"],
        )
        self._print(report)
        if report.errors:
            lines = "\n".join(f"  {e}" for e in report.errors)
            raise CommandError(
                f"{len(report.errors)} error(s) in {path.name}; nothing was imported:\n{lines}"
            )

    def _print(self, report: ImportReport) -> None:
        c = report.counts
        verb = "Would import" if report.dry_run else "Imported"
        plan = f'{"new " if report.plan_created else ""}plan "{report.plan_name}"'
        if report.plan_kind:
            plan += f" ({report.plan_kind_label})"
        self.stdout.write(
            f"{verb} {report.filename} into {plan}: {c['new']} new, {c['changed']} changed, "
            f"{c['unchanged']} unchanged; {c['sections_new']} new sections; "
            f"{c['people_new']} new people."
        )
        for row in report.rows:
            if row.action == "changed":
                fields = ", ".join(ch.field for ch in row.changes)
                self.stdout.write(f"  {row.reference}: changed {fields}")
        if report.statuses_created:
            self.stdout.write("New status words: " + ", ".join(report.statuses_created))
        if report.defaulted_rows:
            self.stdout.write(
                f"No status given for {', '.join(report.defaulted_rows)}: "
                f'set to "{report.default_status}".'
            )
        if report.missing:
            self.stdout.write(
                "In the plan but not in the file (left as they are): " + ", ".join(report.missing)
            )
        for problem in report.lead_problems + report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {problem}"))


def _name_from(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()


def _actor(username: str) -> Actor:
    if not username:
        return SYSTEM
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not can_manage_plans(user):
        raise CommandError(f'"{username}" is not an active clerk or administrator.')
    return user


def _partnership(name: str, by: Actor) -> Partnership | None:
    """The partnership named, among those ``by`` serves (every one for the system)."""
    if not name:
        return None
    choices = Partnership.objects.all() if is_system(by) else Partnership.objects.managed_by(by)
    found = list(choices.filter(Q(name__iexact=name) | Q(short_name__iexact=name)))
    if len(found) != 1:
        raise CommandError(f'No single partnership you serve is called "{name}".')
    return found[0]
