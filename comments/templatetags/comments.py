"""How article templates show comments, without the articles app knowing about them.

{% load comments %}
{% comment_section %}                 the article page's whole comment section
{% comment_count article as count %}  approved comments, counted in the listing's query
"""

from django import template

from comments.page import comment_section as section_context

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context):
    """Renders comments/_section.html for the page's `article`, inside the page's own context
    (its CSRF token, messages, and a `comment_form` the comment view sent back with errors)."""
    article = context["article"]
    extra = section_context(context.request, article, form=context.get("comment_form"))
    section = context.template.engine.get_template("comments/_section.html")
    with context.push(**extra):
        return section.render(context)


@register.simple_tag
def comment_count(article) -> int:
    """The article's approved comments: the listing's annotation (see apps.py), else a count."""
    if hasattr(article, "comment_count"):
        return article.comment_count
    return article.comments.approved().count()
