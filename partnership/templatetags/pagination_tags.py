"""The page links GOV.UK pagination shows: first, last, current ±1, a gap marker between.

Worked out here, not by looping over every page in the template: a list of 2,000 pages cost more
to render than the rows themselves.
"""

from __future__ import annotations

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_links(page: Page) -> list[tuple[int | None, bool]]:
    """(page number, is it the current page) for each link, ``(None, False)`` for a gap."""
    paginator = page.paginator
    return [
        (None, False) if number == paginator.ELLIPSIS else (int(number), number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
