from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"

    def ready(self) -> None:
        from partnership.history_guard import install_after_migrate

        # Runs after every app has migrated (post_migrate fires once per app; we act on ours,
        # which is sent after all migrations have been applied).
        post_migrate.connect(install_after_migrate, dispatch_uid="history-append-only")
