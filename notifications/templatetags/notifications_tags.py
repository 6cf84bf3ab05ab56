from django import template

from notifications.rounds import reminder_interval

register = template.Library()


@register.simple_tag
def reminder_interval_text() -> str:
    """The reminder interval in words: "48 hours", "1 day", "3 days"."""
    hours = int(reminder_interval().total_seconds() // 3600)
    if hours % 24:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''}"
