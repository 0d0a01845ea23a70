from django.http import HttpResponse
from django.urls import include, path


def baseline(request):
    """The cheapest page the stack can serve: every middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("newsblog.urls")),
]
