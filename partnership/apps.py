import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone

signin_log = logging.getLogger("partnership.signin")


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in, user_login_failed
        from django.contrib.auth.models import update_last_login
        from django.db.models.signals import pre_delete, pre_save
        from simple_history.signals import pre_create_historical_record

        from partnership.audit import fill_missing_reason
        from partnership.backstops import refuse_fixture_writes, refuse_lead_deletion
        from partnership.history_guard import install_after_migrate

        pre_create_historical_record.connect(fill_missing_reason, dispatch_uid="fill-reason")

        # Signing in is not a change to the account: record last_login without a history row
        # (the history would otherwise gain a reasonless copy of the user at every sign-in).
        # Ours takes Django's dispatch_uid, so django.contrib.auth's own connect (which runs after
        # this app's, as this app is listed first) finds the slot taken and adds nothing.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(log_signin, dispatch_uid="log_signin")
        user_login_failed.connect(log_failed_signin, dispatch_uid="log_failed_signin")

        # `loaddata` would rewrite audited rows with no history row: refused (tests excepted).
        pre_save.connect(refuse_fixture_writes, dispatch_uid="refuse-fixture-writes")
        # Deleting a lead would silently drop it from every action it leads.
        pre_delete.connect(refuse_lead_deletion, dispatch_uid="refuse-lead-deletion")

        # Runs after every app has migrated (post_migrate fires once per app; we act on ours,
        # which is sent after all migrations have been applied).
        post_migrate.connect(install_after_migrate, dispatch_uid="history-append-only")


def record_last_login(sender, user, **kwargs) -> None:
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def log_signin(sender, request, user, **kwargs) -> None:
    signin_log.info("sign-in ok user=%s address=%s", user.get_username(), _address(request))


def log_failed_signin(sender, credentials, request=None, **kwargs) -> None:
    # Django masks the password in ``credentials``; only the username is logged.
    signin_log.warning(
        "sign-in failed user=%s address=%s", credentials.get("username", ""), _address(request)
    )
