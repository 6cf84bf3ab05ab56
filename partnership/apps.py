from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login
        from simple_history.signals import pre_create_historical_record

        from partnership.audit import fill_missing_reason
        from partnership.history_guard import install_after_migrate

        pre_create_historical_record.connect(fill_missing_reason, dispatch_uid="fill-reason")

        # Signing in is not a change to the account: record last_login without a history row
        # (the history would otherwise gain a reasonless copy of the user at every sign-in).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="record_last_login")

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
