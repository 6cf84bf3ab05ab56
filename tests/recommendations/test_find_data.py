"""Test data, no tests: a hand-built partnership whose answer to every Find filter is known.

Built through the services. The clock is frozen at 1 March 2024 for "overdue" and "changed since".

    ref  plan      section   leads                      status (lifecycle)       RAG    due
    W1   workshop  Housing   Housing Team               Pending (not_started)    RED    31/01/2024
    W2   workshop  -         Test Police                In Progress              AMBER  31/12/2099
    W3   workshop  -         Council + Police           Withdrawn                BLUE   -
    C1   case rev. -         Alice Fox (of the charity) Complete                 GREEN  31/01/2019
    C2   case rev. -         nobody                     On target (in_progress)  -      -

W2 is changed on 1 February 2024; everything else was created on 1 January 2024.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services

REASON = "Find test data"
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2024, 3, 1, 12, tzinfo=LONDON)


def build(partnership, organisations, users, plan) -> dict:
    clerk = users["clerk"]
    with time_machine.travel(datetime(2024, 1, 1, 9, tzinfo=LONDON), tick=False):
        case = services.plan_create(
            partnership=partnership,
            name="Case Review Plan",
            kind="case_review",
            by=clerk,
            reason=REASON,
        )
        housing_section = services.section_create(
            plan=plan, title="Housing workshop", kind="workshop", by=clerk, reason=REASON
        )
        services.section_create(plan=plan, title="Another workshop", by=clerk, reason=REASON)
        alice = directory.person_create(
            name="Alice Fox",
            initials="AF",
            organisation=organisations["charity"],
            by=SYSTEM,
            reason=REASON,
        )

        def make(plan_, reference, text, status, **fields):
            return services.recommendation_create(
                plan=plan_,
                reference=reference,
                text=text,
                status=services.status_for(plan_, status),
                by=clerk,
                reason=REASON,
                **fields,
            )

        recs = {
            "W1": make(
                plan,
                "W1",
                "Improve the housing referral pathway",
                "Pending",
                section=housing_section,
                lead_organisations=[organisations["housing"]],
                rag="RED",
                target_date_text="January 2024",
            ),
            "W2": make(
                plan,
                "W2",
                "Train officers to recognise coercive control",
                "In Progress",
                lead_organisations=[organisations["police"]],
                rag="AMBER",
                target_date_text="December 2099",
            ),
            "W3": make(
                plan,
                "W3",
                "<del>Set up a joint tasking group</del>",
                "Withdrawn",
                lead_organisations=[organisations["council"], organisations["police"]],
                rag="BLUE",
            ),
            "C1": make(
                case,
                "C1",
                "Publish the domestic abuse leaflet",
                "Complete",
                lead_people=[alice],
                rag="GREEN",
                target_date_text="January 2019",
            ),
            "C2": make(
                case,
                "C2",
                "Review the referral form with partners",
                "On target",
                work_to_date='=HYPERLINK("http://example.com")',
            ),
        }
    with time_machine.travel(datetime(2024, 2, 1, 9, tzinfo=LONDON), tick=False):
        recs["W2"] = services.recommendation_update(
            recommendation=recs["W2"], by=clerk, reason=REASON, changes={"notes": "Course booked"}
        )
    return {"recs": recs, "case": case, "section": housing_section, "alice": alice}
