from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the sanitizer, the staff roles, template filters."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.roles import sync_app_roles

        post_migrate.connect(sync_app_roles, dispatch_uid="core.sync_app_roles")
