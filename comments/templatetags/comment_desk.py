"""What the admin's own pages show of the moderation desk.

{% load comment_desk %}
{% pending_comment_count as pending %}  pending comments, for users who may moderate; else None
"""

from django import template

from comments.models import Comment

register = template.Library()

_REMEMBERED = "_pending_comment_count"


@register.simple_tag(takes_context=True)
def pending_comment_count(context) -> int | None:
    """How many comments wait for a decision; counted once per request however many times a page
    asks (the home page's list and the navigation sidebar), and never for users who cannot
    moderate, who see no number."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.can_moderate"):
        return None
    if not hasattr(request, _REMEMBERED):
        setattr(request, _REMEMBERED, Comment.objects.pending().count())
    return getattr(request, _REMEMBERED)
