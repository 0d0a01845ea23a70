from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link, such as the admin."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))
