from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_urlconf

from pagecache import store
from pagecache.state import state
from pagecache.views import cached_page_parameters, may_use_cache


class PageCacheMiddleware:
    """Serves cached pages early, before sessions, authentication, messages and the view.

    A reader who may be served from the cache has no session and no messages, so a hit needs
    none of the middleware after this one; only the CSRF middleware's request and response
    steps run around it, so a form's token matches the reader's CSRF cookie. A miss goes on to
    the view, whose `cached_page` wrapper renders and stores the page (and works on its own
    without this middleware, only slower). checks.py keeps it in its place in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        parameters = None
        if may_use_cache(request):
            urlconf = get_urlconf() or settings.ROOT_URLCONF
            parameters = cached_page_parameters(urlconf, request.path_info)
        if parameters is None:
            return self.get_response(request)
        try:
            entry = store.lookup(store.entry_key(request, parameters))
        except store.CACHE_ERRORS:
            entry = None  # the view's wrapper says so in the log and renders the page
        if entry is None:
            state(request).missed = True
            return self.get_response(request)
        self.csrf.process_request(request)
        return self.csrf.process_response(request, store.serve(request, entry))
