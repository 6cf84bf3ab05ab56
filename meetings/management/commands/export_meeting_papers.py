"""Write a meeting's agenda pack and minutes as PDFs: ``agenda.pdf`` and ``minutes.pdf``.

    python manage.py export_meeting_papers --meeting 12 --output papers/

Confirmed minutes are written exactly as they were frozen; otherwise as they stand now.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings import papers
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Write a meeting's agenda pack (agenda.pdf) and minutes (minutes.pdf) to a folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--meeting", type=int, required=True, help="The meeting's number (ID)")
        parser.add_argument("--output", required=True, help="The folder to write the PDFs into")

    def handle(self, *args, meeting: int, output: str, **options) -> None:
        found = Meeting.objects.select_related("committee").filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"There is no meeting {meeting}.")
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file, not a folder.")
        folder.mkdir(parents=True, exist_ok=True)
        agenda, pages, _rows = papers.agenda_pack(found)
        (folder / "agenda.pdf").write_bytes(agenda)
        minutes = papers.minutes_document(found)
        (folder / "minutes.pdf").write_bytes(minutes)
        self.stdout.write(
            f"{found}: wrote {folder / 'agenda.pdf'} ({pages} pages) and {folder / 'minutes.pdf'}."
        )
