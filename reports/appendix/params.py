"""What a clerk asked for: the parameters of one appendix, normalised and hashable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from recommendations.markings import Marking

LONDON = ZoneInfo("Europe/London")


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Europe/London: "as at" a date means that evening."""
    return datetime.combine(day, time.max, tzinfo=LONDON)


@dataclass(frozen=True)
class AppendixParams:
    """Everything that decides an appendix's rows and words (and so its cache key)."""

    plan_ids: tuple[int, ...]
    as_at: date
    marking: str = ""  # "" = the most protective marking of the plans
    layout: str = ""  # "" = the first plan's kind
    columns: tuple[str, ...] = ()  # () = the layout's own columns
    include_completed: bool = False
    lead_organisation_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()  # status words, any case
    rags: tuple[str, ...] = ()  # RED, AMBER, GREEN, BLUE, NONE (not rated)
    overdue_only: bool = False
    # Mark each row new, closed, status or RAG changed, or target revised since the plan's last
    # issued paper, with a summary line.
    mark_changes: bool = False
    find: str = ""  # Find's other filters, as its querystring (reports/appendix/from_find.py)

    def __post_init__(self) -> None:
        # Order-free choices are sorted so the same request always hashes the same.
        object.__setattr__(self, "plan_ids", tuple(sorted({int(i) for i in self.plan_ids})))
        object.__setattr__(
            self,
            "lead_organisation_ids",
            tuple(sorted({int(i) for i in self.lead_organisation_ids})),
        )
        object.__setattr__(
            self, "statuses", tuple(sorted({" ".join(s.split()).casefold() for s in self.statuses}))
        )
        object.__setattr__(self, "rags", tuple(sorted({r.upper() for r in self.rags})))
        object.__setattr__(self, "columns", tuple(dict.fromkeys(self.columns)))
        if self.marking and self.marking not in Marking.values:
            raise ValueError(f"Unknown protective marking {self.marking!r}")
        if not self.plan_ids:
            raise ValueError("Choose at least one plan")

    @property
    def cutoff(self) -> datetime:
        return end_of_day(self.as_at)

    @property
    def title(self) -> str:
        """The appendix's title, on the preview, the PDF and the issued copy alike."""
        which = "" if self.include_completed else "outstanding "
        return f"Appendix A – Current list of {which}recommendations as at {self.as_at:%d/%m/%Y}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["as_at"] = self.as_at.isoformat()
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        return data

    @classmethod
    def from_json(cls, data: dict) -> AppendixParams:
        values = dict(data)
        values["as_at"] = date.fromisoformat(values["as_at"])
        for key in ("plan_ids", "columns", "lead_organisation_ids", "statuses", "rags"):
            values[key] = tuple(values.get(key) or ())
        return cls(**values)

    def digest(self) -> str:
        payload = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()
