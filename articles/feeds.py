"""RSS 2.0 and Atom 1.0 feeds of the latest published articles, with their full text."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, ArticleNote, Tag

FEED_ARTICLES = 20


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items carry the article's HTML in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class FullTextAtomFeed(Atom1Feed):
    """Atom 1.0 whose entries carry the article's HTML as their content."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestArticlesFeed(Feed):
    feed_type = FullTextRssFeed

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:index")

    def description(self):
        return _("News, analysis and comment.")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_listing()[:FEED_ARTICLES]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # What readers see on the index under the title. Feed readers treat the description
        # as HTML; the excerpt is plain text.
        return escape(article.excerpt())

    def item_extra_kwargs(self, article):
        return {"content": str(article.body_html())}

    def item_author_name(self, article):
        return article.author_name()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_modified()

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = FullTextAtomFeed

    def subtitle(self):
        return self.description()


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag.objects.published(), slug=slug)

    def title(self, tag):
        return _("%(site)s: articles tagged “%(tag)s”") % {"site": settings.SITE_NAME, "tag": tag}

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return _("The latest articles tagged “%(tag)s”.") % {"tag": tag}

    def articles(self, tag):
        return super().articles(tag).filter(tags=tag)


class CorrectionsFeed(Feed):
    """Every correction and clarification, newest first: /corrections/ as a feed."""

    def title(self):
        return _("%(site)s: corrections") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return _("Corrections and clarifications to our articles, newest first.")

    def items(self):
        return ArticleNote.objects.corrections().select_related("article")[:FEED_ARTICLES]

    def item_title(self, note):
        return f"{note.get_kind_display()}: {note.article.title}"

    def item_description(self, note):
        return escape(note.text)

    def item_link(self, note):
        return note.get_absolute_url()

    def item_guid(self, note):
        return f"correction-{note.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, note):
        return note.created_at
