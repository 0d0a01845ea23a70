"""WordPress's short links (`/?p=123`, `/?page_id=7`) and any other old address (a permalink
like `/hello-world/`) redirect to where their content is now.

Short links are addresses of the blog index with a query, and the page cache serves the index
whatever its unknown parameters, so they are answered here, before the page cache: a known one
with a 301, an unknown one with a 404. Other old addresses are looked up only when the site
has nothing there (a 404), as Django's redirects app does, so they cost the site's own pages
nothing.
"""

from django.http import Http404

from transfer.views import redirect_from

SHORT_LINKS = ("p", "page_id")


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            for name in SHORT_LINKS:
                if name in request.GET:
                    return short_link(name, request.GET[name])
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return redirect_from(request.path_info) or response
        return response


def short_link(name: str, value: str):
    response = redirect_from(f"/?{name}={value.strip()}") if value.strip().isdigit() else None
    if response is None:
        raise Http404("No such post.")
    return response
