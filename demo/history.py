"""Two years of believable officer updates for the demo, written through the services.

Each action's life is planned as a few dated steps (started, progress notes, slippage with a
revised date, on hold, done, withdrawn) ending at the status and RAG the demo data gives it. The
steps are then replayed in date order with the clock travelled to each date (time-machine, a
development tool: the demo only loads with DEBUG on), so history rows, progress entries and
``updated_at`` carry those dates, and each is written by a named officer of a lead agency (the
clerk enters updates for agencies without a demo account).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from demo.data import NOTES
from partnership.models import User
from recommendations import services
from recommendations.models import Lifecycle, Rag, Recommendation
from recommendations.permissions import can_edit_recommendation

# Worse-to-better path of RAG ratings an action takes on the way to its final one.
RAG_PATH = {
    Rag.RED: [Rag.GREEN, Rag.AMBER, Rag.RED],
    Rag.AMBER: [Rag.GREEN, Rag.AMBER],
    Rag.GREEN: [Rag.AMBER, Rag.GREEN],
    Rag.BLUE: [Rag.AMBER, Rag.GREEN, Rag.BLUE],
}


@dataclass
class Step:
    when: datetime
    rec: Recommendation
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def travel(when: datetime):
    """The demo's own clock: every write inside the block is dated ``when``."""
    try:
        import time_machine
    except ImportError as error:  # production installs only requirements.lock
        raise RuntimeError("The demo needs the development tools (make install).") from error
    return time_machine.travel(when, tick=False)


def plan_steps(
    rec: Recommendation, final_word: str, final_rag: str | None, start: datetime, end: datetime
) -> list[Step]:
    """The dated steps that take ``rec`` from its first status to ``final_word`` by ``end``."""
    rng = random.Random(f"{rec.plan.name}/{rec.reference}")
    span = end - timedelta(days=3) - start
    final = services.status_for(rec.plan, final_word)
    if final is None:
        raise ValueError(f"{rec.plan}: no status word {final_word!r}")

    def at(fraction: float) -> datetime:
        """A weekday office hour, ``fraction`` of the way from the import to today."""
        day = timezone.localtime(start + span * fraction)
        day -= timedelta(days=max(0, day.weekday() - 4))
        return day.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))

    def note(kind: str) -> str:
        return rng.choice(NOTES[kind])

    working = next(
        (s for s in rec.plan.statuses.all() if s.lifecycle == Lifecycle.IN_PROGRESS), final
    )
    steps: list[Step] = []
    if final.lifecycle == Lifecycle.NOT_STARTED:
        steps.append(Step(at(rng.uniform(0.3, 0.7)), rec, note=note("start")))
    elif final.lifecycle == Lifecycle.WITHDRAWN:
        steps.append(Step(at(rng.uniform(0.3, 0.6)), rec, {"status": final}, note("withdrawn")))
    else:
        begun = rng.uniform(0.05, 0.3)
        ended = rng.uniform(0.6, 0.97) if final != working else 0.97
        steps.append(Step(at(begun), rec, {"status": working}, note("start")))
        for text in rng.sample(NOTES["progress"], rng.randint(1, 3)):
            steps.append(Step(at(rng.uniform(begun + 0.03, ended - 0.02)), rec, note=text))
        if final != working:
            kind = "hold" if final.lifecycle == Lifecycle.ON_HOLD else "done"
            steps.append(Step(at(ended), rec, {"status": final}, note(kind)))
    if final_rag in RAG_PATH:
        _rate(steps, rec, final_rag, at, rng)
    if final_rag == Rag.RED or (final.lifecycle == Lifecycle.IN_PROGRESS and rng.random() < 0.3):
        _slip(steps, rec, at, rng)
    return sorted(steps, key=lambda step: step.when)


def _rate(steps: list[Step], rec: Recommendation, final_rag: str, at, rng) -> None:
    path = RAG_PATH[final_rag]
    for n, rag in enumerate(path, start=1):
        steps.append(Step(at(0.9 * n / len(path) - rng.uniform(0, 0.1)), rec, {"rag": rag}))


def _slip(steps: list[Step], rec: Recommendation, at, rng) -> None:
    when = at(rng.uniform(0.5, 0.85))
    revised = (when + timedelta(days=rng.choice([120, 180, 270]))).strftime("%B %Y")
    steps.append(
        Step(
            when,
            rec,
            {"revised_target_date_text": revised, "revised_date_reason": rng.choice(NOTES["slip"])},
        )
    )


def updater(rec: Recommendation, officers: list[User], clerk: User) -> User:
    """The lead agency's demo officer, else the clerk who enters their emailed update."""
    return next((o for o in officers if can_edit_recommendation(o, rec)), clerk)


def replay(steps: list[Step], *, officers: list[User], clerk: User) -> int:
    """Write every step through the services with the clock at its date; returns how many."""
    for step in sorted(steps, key=lambda s: s.when):
        by = updater(step.rec, officers, clerk)
        reason = (
            "Quarterly update for the partnership board"
            if by != clerk
            else "Update emailed by the lead agency, entered by the clerk"
        )
        with travel(step.when):
            services.recommendation_update(
                recommendation=step.rec,
                by=by,
                reason=reason,
                changes=step.changes,
                progress_note=step.note,
            )
    return len(steps)
