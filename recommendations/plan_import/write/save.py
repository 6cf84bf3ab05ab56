"""Write the file's recommendations at once: new ones and simple changes in bulk (one history
row each, with who and why), changes of leads or closures one at a time through the service
that notifies and proposes as an officer's edit would."""

from __future__ import annotations

from recommendations import services

from .context import ImportContext
from .rows import PendingRow


def save_rows(pending: list[PendingRow], ctx: ImportContext) -> None:
    """Write every pending row of one import, inside its transaction."""
    new = [p for p in pending if p.created]
    if new:
        services.recommendations_insert_many(
            plan=ctx.plan,
            recommendations=[p.rec for p in new],
            leads=[p.leads for p in new],
            by=ctx.by,
            reason=ctx.reason,
        )
    simple = [p for p in pending if not p.created and not p.one_by_one]
    if simple:
        for p in simple:
            p.rec.plan = ctx.plan  # one plan: its permissions are read once
        services.recommendations_save_many(
            plan=ctx.plan,
            recommendations=[p.rec for p in simple],
            fields={name for p in simple for name in p.changes},
            by=ctx.by,
            reason=ctx.reason,
        )
    for p in pending:
        if not p.created and p.one_by_one:
            services.recommendation_update(
                recommendation=p.rec, by=ctx.by, reason=ctx.reason, changes=p.changes
            )
