"""What the admin's own pages show of the articles waiting for review.

{% load article_review %}
{% submitted_article_count as submitted %}  submitted articles, for users who may publish; else None
"""

from django import template

from articles.authoring import may_publish
from articles.models import Article

register = template.Library()

_REMEMBERED = "_submitted_article_count"


@register.simple_tag(takes_context=True)
def submitted_article_count(context) -> int | None:
    """How many articles wait for an editor to publish them; counted once per request (the home
    page's list and the navigation sidebar both ask), and never for those who may not publish."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_publish(user):
        return None
    if not hasattr(request, _REMEMBERED):
        setattr(request, _REMEMBERED, Article.objects.submitted().count())
    return getattr(request, _REMEMBERED)
