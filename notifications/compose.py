"""Turning a notification's context into an email: subject, plain text and HTML.

Every mail is rendered from a triplet under ``templates/notifications/email/``:
``KIND.subject.txt``, ``KIND.txt`` and ``KIND.html``. Links are absolute (``SITE_URL``) and every
mail links to the preferences page. Actions in an OFFICIAL-SENSITIVE plan are never described:
the mail says only that an action needs an update and links to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from recommendations.models import Marking, Recommendation


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class ActionLine:
    """One action as a mail lists it: described, or (sensitive plans) only linked."""

    url: str
    sensitive: bool
    reference: str = ""
    plan: str = ""
    summary: str = ""
    due: str = ""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def is_sensitive(rec: Recommendation) -> bool:
    return rec.plan.marking == Marking.OFFICIAL_SENSITIVE


def action_line(rec: Recommendation, *, link: str = "recommendations:update") -> ActionLine:
    """How a mail lists ``rec`` (its plan must be loaded: select_related('plan'))."""
    url = absolute(reverse(link, args=[rec.pk]))
    if is_sensitive(rec):
        return ActionLine(url=url, sensitive=True)
    summary = Truncator(" ".join(strip_tags(rec.text).split())).words(25)
    due = f"{rec.due_date:%-d %B %Y}" if rec.due_date else ""
    return ActionLine(url, False, rec.reference, rec.plan.name, summary, due)


def render(kind: str, context: dict[str, Any]) -> Rendered:
    context = {
        **context,
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "service_name": settings.NOTIFICATIONS_SERVICE_NAME,
    }
    base = f"notifications/email/{kind}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
    return Rendered(
        subject=subject[:300],
        text=render_to_string(f"{base}.txt", context).strip() + "\n",
        html=render_to_string(f"{base}.html", context),
    )
