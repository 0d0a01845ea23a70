"""Head metadata for search engines and link previews: canonical URLs, images, JSON-LD."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from core import sanitizer

register = template.Library()


def _absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return _absolute(context, url)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address, keeping only the page number of a paginated list."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page_obj")
    query = f"?{urlencode({'page': page.number})}" if page and page.number > 1 else ""
    return request.build_absolute_uri(request.path + query)


@register.simple_tag(takes_context=True)
def social_image(context, article):
    """The absolute URL of the article's social-card image, or "" when it has none."""
    url = article.social_image_url()
    return _absolute(context, url) if url else ""


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article as a schema.org NewsArticle, for search engines' rich results."""
    author_url = reverse("articles:author", args=[article.author.get_username()])
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.meta_description(),
        "url": _absolute(context, article.get_absolute_url()),
        "mainEntityOfPage": _absolute(context, article.get_absolute_url()),
        "datePublished": article.published_at,
        "dateModified": article.last_modified(),
        "author": [
            {
                "@type": "Person",
                "name": article.author_name(),
                "url": _absolute(context, author_url),
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": _absolute(context, reverse("articles:index")),
        },
        "keywords": [tag.name for tag in article.tags.all()],
        "correction": [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": note.created_at}
            for note in article.notes.all()
            if note.is_correction()
        ]
        or None,
    }
    if image := social_image(context, article):
        data["image"] = [image]
    return sanitizer.json_ld({key: value for key, value in data.items() if value is not None})
