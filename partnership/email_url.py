"""``EMAIL_URL``: the mail settings in one URL, as ``DATABASE_URL`` holds the database's."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def parse_email_url(url: str) -> dict:
    """``smtp://user:pass@host:587?tls=true`` -> Django's EMAIL_* settings."""
    parts = urlsplit(url)
    if parts.scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(sorted(BACKENDS))}://, not {url!r}"
        )
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    settings = {"EMAIL_BACKEND": BACKENDS[parts.scheme]}
    if parts.scheme in {"smtp", "smtps"}:
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL has a bad port: {url!r}") from exc
        ssl = parts.scheme == "smtps" or query.get("ssl") in TRUE
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=port or (465 if ssl else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=ssl,
            EMAIL_USE_TLS=not ssl and query.get("tls") in TRUE,
        )
    return settings
