from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments.page import FORM_STAMP_HOLE, fresh_form_token
        from newsblog import page_cache

        page_cache.register_hole(FORM_STAMP_HOLE, fresh_form_token)
