"""Protective markings: the one list, their order, and the floor every paper and export obeys.

The older scheme's NOT PROTECTIVELY MARKED is kept because papers still use it; it sits below
OFFICIAL. A paper or export that prints several plans carries the highest of their markings, and
may be raised but never lowered (:meth:`Marking.refuse_below`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models


class Marking(models.TextChoices):
    # Declared lowest first: the order of declaration is the order of protection.
    NOT_PROTECTIVELY_MARKED = "NOT PROTECTIVELY MARKED", "NOT PROTECTIVELY MARKED"
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"

    @classmethod
    def rank(cls, value: str) -> int:
        """0 for the least protective; unknown words rank as OFFICIAL (the default)."""
        values = cls.values
        return values.index(value) if value in values else values.index(cls.OFFICIAL)

    @classmethod
    def highest(cls, values: Iterable[str], *, default: str | None = None) -> Marking:
        """The most protective of ``values`` (``default``, else OFFICIAL, when there are none)."""
        known = [cls(v) for v in values if v in cls.values]
        if not known:
            return cls(default or cls.OFFICIAL)
        return max(known, key=cls.rank)

    @classmethod
    def is_sensitive(cls, value: str) -> bool:
        """Need to know applies: only the access list, leads and the partnership's staff read."""
        return value == cls.OFFICIAL_SENSITIVE

    @classmethod
    def refuse_below(cls, chosen: str, floor: str, *, field: str = "marking") -> None:
        """Refuse ``chosen`` when it is less protective than ``floor``; raising is allowed."""
        if chosen and cls.rank(chosen) < cls.rank(floor):
            raise ValidationError(
                {
                    field: f"The marking cannot be {chosen}: the plans in it are marked {floor}. "
                    f"Choose {floor} or leave it as the plan's marking."
                }
            )
