"""The appendix: build, cache, render off the request when large, and issue (freeze) it.

Keyword-only, typed services, as elsewhere. Rendering never changes audited data, so only issuing
needs a transaction; the cache and job tables hold nothing that cannot be made again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Meeting, UpdateRound
from partnership.models import User
from recommendations.markings import Marking
from recommendations.models import ActionPlan
from reports.appendix.params import AppendixParams
from reports.appendix.render import appendix_pdf_bytes
from reports.appendix.rows import (
    Appendix,
    build_appendix,
    choose_marking,
    current_markings,
    data_fingerprint,
    too_early,
)
from reports.appendix.thumbnail import first_page_png
from reports.models import AppendixJob, AppendixRender, IssuedAppendix, JobState
from reports.permissions import (
    require_export_appendix,
    require_issue_appendix,
    require_reads_plans,
)

logger = logging.getLogger(__name__)

# Above this many rows the PDF is made by the task worker, never in a web worker (WeasyPrint
# takes about 0.13 s a page and keeps its memory).
ASYNC_ROW_THRESHOLD = 300


def _render_version() -> str:
    """A hash of the print template, stylesheet and layouts: a change to any of them (a new
    release) makes every stored render stale, so an old look is never served as new."""
    root = Path(__file__).resolve().parent
    files = [
        root / "appendix" / "layouts.py",
        root / "appendix" / "changes.py",
        root / "appendix" / "rows.py",
        root / "static" / "reports" / "appendix-print.css",
        root.parent / "templates" / "reports" / "pdf" / "appendix.html",
    ]
    digest = hashlib.sha256(version("weasyprint").encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


RENDER_VERSION = _render_version()
CACHE_DAYS = 30


def marking_floor(params: AppendixParams) -> str:
    """The least protective marking the paper may carry: the highest of its plans', now or as
    they stood at the as-at date."""
    then = [plan.marking for plan in _plans_as_at(params)]
    return Marking.highest([*current_markings(params), *then])


def require_marking_floor(params: AppendixParams) -> None:
    """Refuse a paper marked below its plans (ValidationError naming the field)."""
    Marking.refuse_below(params.marking, marking_floor(params))


def _plans_as_at(params: AppendixParams) -> list[ActionPlan]:
    return list(ActionPlan.history.as_of(params.cutoff).filter(id__in=params.plan_ids))


def appendix_cache_key(*, params: AppendixParams) -> str:
    """Hash of the request, the audit trail up to its cut-off, and the renderer's version."""
    markings = ",".join(sorted(current_markings(params)))  # a plan marked up since: re-render
    parts = [RENDER_VERSION, params.digest(), data_fingerprint(params), markings]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class RenderedAppendix:
    pdf: bytes
    row_count: int
    page_count: int
    cached: bool


def _store_render(key: str, pdf: bytes, rows: int, pages: int) -> AppendixRender:
    AppendixRender.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=CACHE_DAYS)
    ).delete()
    try:
        with transaction.atomic():
            return AppendixRender.objects.create(key=key, pdf=pdf, row_count=rows, page_count=pages)
    except IntegrityError:  # someone rendered the same appendix at the same time
        return AppendixRender.objects.get(key=key)


def cached_render(*, params: AppendixParams) -> tuple[str, AppendixRender | None]:
    """The cache key and the stored render for it, if there is one."""
    key = appendix_cache_key(params=params)
    return key, AppendixRender.objects.filter(key=key).first()


def appendix_render(
    *, params: AppendixParams, appendix: Appendix | None = None
) -> RenderedAppendix:
    """The PDF for ``params``: the stored copy when nothing it shows has changed, else a new one."""
    key, render = cached_render(params=params)
    if render is not None:
        return RenderedAppendix(bytes(render.pdf), render.row_count, render.page_count, True)
    appendix = appendix or build_appendix(params)
    pdf, pages = appendix_pdf_bytes(appendix)
    _store_render(key, pdf, appendix.shown, pages)
    return RenderedAppendix(pdf, appendix.shown, pages, False)


class TooEarlyError(ValidationError):
    """The as-at date is before a plan's records begin: such a paper is never issued."""


def refuse_too_early(params: AppendixParams) -> None:
    """Raise TooEarlyError naming each plan whose records begin after the as-at date."""
    notes = too_early(params)
    if notes:
        raise TooEarlyError(notes)


def appendix_request(
    *,
    params: AppendixParams,
    by: User,
    issue: bool = False,
    meeting: Meeting | None = None,
    update_round: UpdateRound | None = None,
) -> RenderedAppendix | IssuedAppendix | AppendixJob:
    """A PDF now when cached or small; a queued job (progress page) when large.

    With ``issue`` the paper is frozen and the IssuedAppendix returned (or a job that will issue
    it when ready).
    """
    require_export_appendix(by)
    require_reads_plans(by, params.plan_ids)
    if issue:
        require_issue_appendix(by)
        refuse_too_early(params)
        require_marking_floor(params)
    key, render = cached_render(params=params)
    if render is None:
        appendix = build_appendix(params)
        if appendix.shown > ASYNC_ROW_THRESHOLD:
            return appendix_job_start(
                params=params, by=by, issue=issue, meeting=meeting, update_round=update_round
            )
        pdf, pages = appendix_pdf_bytes(appendix)
        render = _store_render(key, pdf, appendix.shown, pages)
    if issue:
        return appendix_issue(
            params=params, by=by, meeting=meeting, render=render, update_round=update_round
        )
    return RenderedAppendix(bytes(render.pdf), render.row_count, render.page_count, True)


@transaction.atomic
def appendix_issue(
    *,
    params: AppendixParams,
    by: User,
    meeting: Meeting | None = None,
    render: AppendixRender | None = None,
    update_round: UpdateRound | None = None,
) -> IssuedAppendix:
    """Freeze an appendix: store its exact PDF, parameters, checksum, who and when.

    Refused (TooEarlyError) when the as-at date is before a plan's records begin, and when the
    paper's marking would be lower than its plans' (the marking is a floor).
    """
    require_issue_appendix(by)
    require_reads_plans(by, params.plan_ids)
    refuse_too_early(params)
    require_marking_floor(params)
    if render is None:
        rendered = appendix_render(params=params)
        pdf, rows, pages = rendered.pdf, rendered.row_count, rendered.page_count
    else:
        pdf, rows, pages = bytes(render.pdf), render.row_count, render.page_count
    issued = IssuedAppendix(
        meeting=meeting,
        update_round=update_round,
        title=params.title,
        as_at=params.as_at,
        marking=paper_marking(params),
        parameters=params.to_json(),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        row_count=rows,
        page_count=pages,
        issued_by=by,
    )
    issued.full_clean(exclude=["pdf"])
    issued.save()
    issued.plans.set(params.plan_ids)
    logger.info("Appendix %s issued by %s (sha256 %s)", issued.pk, by.pk, issued.sha256)
    return issued


def paper_marking(params: AppendixParams) -> str:
    """The marking the paper prints (and an issued copy records)."""
    return choose_marking(params, _plans_as_at(params), current_markings(params))


def appendix_job_start(
    *,
    params: AppendixParams,
    by: User,
    issue: bool = False,
    meeting: Meeting | None = None,
    update_round: UpdateRound | None = None,
) -> AppendixJob:
    """Queue a large appendix for the task worker; the status page follows its progress."""
    from reports.tasks import generate_appendix

    require_export_appendix(by)
    require_reads_plans(by, params.plan_ids)
    job = AppendixJob.objects.create(
        parameters=params.to_json(),
        requested_by=by,
        issue=issue,
        meeting=meeting,
        update_round=update_round,
    )
    # Created outside any transaction, so a database worker can see the job as soon as it runs.
    generate_appendix.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def _progress(job: AppendixJob, percent: int, step: str, **fields) -> None:
    job.progress, job.step = percent, step
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", "step", *fields])


def appendix_job_run(*, job_id: str) -> None:
    """Do one queued job. Idempotent: a finished job is left as it is."""
    job = AppendixJob.objects.select_related("requested_by", "meeting", "update_round").get(
        pk=job_id
    )
    if job.is_finished:
        return
    try:
        params = AppendixParams.from_json(job.parameters)
        _progress(job, 5, "Reading the audit history", state=JobState.RUNNING)
        key, render = cached_render(params=params)
        if render is None:
            appendix = build_appendix(params)
            _progress(job, 25, f"Laying out {appendix.shown} rows", row_count=appendix.shown)
            pdf, pages = appendix_pdf_bytes(appendix)
            _progress(job, 90, f"Storing {pages} pages")
            render = _store_render(key, pdf, appendix.shown, pages)
        issued = None
        if job.issue:
            issued = appendix_issue(
                params=params,
                by=job.requested_by,
                meeting=job.meeting,
                render=render,
                update_round=job.update_round,
            )
        _progress(
            job,
            100,
            "Ready",
            state=JobState.DONE,
            render=render,
            issued=issued,
            row_count=render.row_count,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("Appendix job %s failed", job_id)
        _progress(
            job,
            job.progress,
            "Failed",
            state=JobState.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        raise


def confirmation_render(*, params: AppendixParams, by: User) -> RenderedAppendix | None:
    """The PDF a clerk is about to issue, to count its pages and show page 1: the stored render,
    else a new one when small enough for a web request (None for a large, unrendered paper)."""
    require_issue_appendix(by)
    key, render = cached_render(params=params)
    if render is not None:
        return RenderedAppendix(bytes(render.pdf), render.row_count, render.page_count, True)
    appendix = build_appendix(params)
    if appendix.shown > ASYNC_ROW_THRESHOLD:
        return None
    return appendix_render(params=params, appendix=appendix)


def appendix_thumbnail(*, params: AppendixParams, by: User) -> bytes | None:
    """Page 1 of the paper about to be issued, as a small PNG (None when it cannot be drawn)."""
    rendered = confirmation_render(params=params, by=by)
    return first_page_png(rendered.pdf) if rendered else None
