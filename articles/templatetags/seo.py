"""Template helpers for search engines and link previews."""

from django import template

register = template.Library()


def _absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return _absolute(context, url)
