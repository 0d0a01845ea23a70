from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from articles.querysets import register_listing_annotation
        from comments import signals
        from comments.models import approved_count
        from comments.page import FORM_STAMP_HOLE, fresh_form_token
        from pagecache.holes import register_hole

        register_hole(FORM_STAMP_HOLE, fresh_form_token)
        register_listing_annotation("comment_count", approved_count)
        signals.connect()
