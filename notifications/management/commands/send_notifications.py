"""Send the email notifications that are due. Safe to run every minute on several servers."""

from django.core.management.base import BaseCommand

from notifications.schedule import run


class Command(BaseCommand):
    help = (
        "Record the scheduled notifications that are due (reminders before a deadline, the "
        "weekly overdue digest, deadline summaries) and send everything waiting. Each "
        "notification is sent once however often, and on however many servers, this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--send-only",
            action="store_true",
            help="Only send what is already recorded; do not record scheduled notifications.",
        )
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many.")

    def handle(self, *args, **options):
        result = run(schedule=not options["send_only"], limit=options["limit"])
        recorded = ", ".join(f"{n} {what}" for what, n in result.recorded.items())
        d = result.delivery
        if recorded:
            self.stdout.write(f"Recorded: {recorded}.")
        self.stdout.write(
            f"Sent {d.sent}, will retry {d.retrying}, failed {d.failed}, not sent {d.skipped}."
        )
        for error in d.errors:
            self.stderr.write(error)
