"""What the admin's own pages show of the articles waiting for review.

{% load article_review %}
{% submitted_article_count as submitted %}  submitted articles, for users who may publish; else None
"""

from django import template

from articles.authoring import may_publish
from articles.models import Article
from core.per_request import once_per_request

register = template.Library()


@register.simple_tag(takes_context=True)
def submitted_article_count(context) -> int | None:
    """How many articles wait for an editor to publish them; counted once per request (the home
    page's list and the navigation sidebar both ask), and never for those who may not publish."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_publish(user):
        return None
    return once_per_request(
        request, "submitted_article_count", lambda: Article.objects.submitted().count()
    )
