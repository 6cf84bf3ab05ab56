"""Keep an uploaded file on the server between the steps of a browser import.

The bytes go to ``MEDIA_ROOT/imports/<random>.bin``; the form carries only a signed token
naming that random id, the user who uploaded it, a hash of the bytes and the options chosen at
upload. A token from another user, one that was tampered with, or one older than ``MAX_AGE`` is
refused, and no client-supplied path is ever opened. Old files are swept on every upload.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing

from .formats import MAX_BYTES

SALT = "recommendations.import.upload"
MAX_AGE = 60 * 60  # seconds: long enough to check a preview, short enough not to pile up
_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")


class UploadGone(Exception):
    """The upload expired, was already used, or the token is not valid for this user."""


@dataclass
class StoredUpload:
    id: str
    filename: str
    user_id: int
    digest: str
    options: dict[str, Any] = field(default_factory=dict)


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(upload_id: str) -> Path:
    if not _ID.match(upload_id):
        raise UploadGone("bad id")
    return folder() / f"{upload_id}.bin"


def sweep(now: float | None = None) -> None:
    """Delete uploads older than ``MAX_AGE``."""
    cutoff = (now or time.time()) - MAX_AGE
    if not folder().is_dir():
        return
    for path in folder().glob("*.bin"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def store(data: bytes, filename: str, *, user_id: int, options: dict[str, Any]) -> str:
    """Save the bytes and return the signed token that names them."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"The file is larger than {MAX_BYTES // 1048576} MB.")
    sweep()
    folder().mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_urlsafe(24)
    path = _path(upload_id)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    payload = {
        "id": upload_id,
        "f": os.path.basename(filename or "upload")[:200],
        "u": user_id,
        "h": hashlib.sha256(data).hexdigest(),
        "o": options,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token: str, *, user_id: int) -> tuple[StoredUpload, bytes]:
    """The upload a token names, for the user who made it; ``UploadGone`` otherwise."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise UploadGone(str(exc)) from exc
    upload = StoredUpload(
        id=str(payload.get("id", "")),
        filename=str(payload.get("f", "")),
        user_id=payload.get("u"),
        digest=str(payload.get("h", "")),
        options=dict(payload.get("o") or {}),
    )
    if upload.user_id != user_id:
        raise UploadGone("another user's upload")
    path = _path(upload.id)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UploadGone("too large")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UploadGone("file gone") from exc
    if hashlib.sha256(data).hexdigest() != upload.digest:
        raise UploadGone("file changed")
    return upload, data


def discard(upload: StoredUpload) -> None:
    """Delete the file once it has been imported."""
    with contextlib.suppress(FileNotFoundError, UploadGone):
        _path(upload.id).unlink()
