"""What the admin's own pages show of the moderation desk.

{% load comment_desk %}
{% pending_comment_count as pending %}  pending comments, for users who may moderate; else None
"""

from django import template

from comments.models import Comment
from core.per_request import once_per_request

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comment_count(context) -> int | None:
    """How many comments wait for a decision; counted once per request however many times a page
    asks (the home page's list and the navigation sidebar), and never for users who cannot
    moderate, who see no number."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.can_moderate"):
        return None
    return once_per_request(
        request, "pending_comment_count", lambda: Comment.objects.pending().count()
    )
