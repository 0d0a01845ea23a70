"""Old WordPress addresses, answered with a permanent redirect to where their content is now."""

from django.http import Http404, HttpResponsePermanentRedirect

from transfer.models import OldAddress


def redirect_from(path: str) -> HttpResponsePermanentRedirect | None:
    """A 301 to the new address of what `path` named on the old site, or None."""
    old = OldAddress.objects.filter(path=path).first()
    url = old.new_url() if old else None
    return HttpResponsePermanentRedirect(url) if url else None


def old_address(request, **parts):
    """The routes in urls.py: shapes of address only WordPress used; an unknown one is a 404."""
    response = redirect_from(request.path_info)
    if response is None:
        raise Http404("No such address.")
    return response
