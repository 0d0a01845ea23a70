from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import signals
        from articles.models import Article
        from pagecache.store import register_schedule

        signals.connect()
        # Scheduled articles go live on time, and come down on time: no cached page outlives
        # the next publication or the next unpublish time.
        register_schedule(Article.objects.next_change_at)
