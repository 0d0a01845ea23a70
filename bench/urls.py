from django.http import HttpResponse
from django.urls import include, path

from articles.views import ArticleDetailView
from comments.page import comment_section


def baseline(request):
    """The cheapest page the stack can serve: every middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


class ArticleDataView(ArticleDetailView):
    """The article page's database work without its template: the same queries, the same
    objects and form, then a two-byte answer. What no change to the templates can save."""

    def render_to_response(self, context, **kwargs):
        # What the page's {% comment_section %} tag reads.
        section = comment_section(self.request, self.object)
        list(section["comment_page"].object_list)
        list(self.object.related_articles())
        return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("bench/article-data/<slug:slug>/", ArticleDataView.as_view()),
    path("", include("newsblog.urls")),
]
