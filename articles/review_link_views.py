"""The page a review link opens: the draft as readers will see it, marked as a preview.

It is never stored anywhere: not in the page cache (its route has no `cached_page`), not in
browsers or proxies (`Cache-Control: private, no-store`), not in search engines (`noindex`), and
its address is not sent on to sites the article links to (`Referrer-Policy: no-referrer`).

- a made-up or garbled address: 404, as for any address that does not exist;
- an expired or revoked link: 410 and a plain "This preview link has expired" page;
- an article published since: 302 to its public page (the count goes up: it was opened).
"""

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse

from articles import review_links
from articles.models import Article
from articles.views import ArticleDetailView
from core.previews import mark_as_preview


class ReviewLinkView(ArticleDetailView):
    def get(self, request, *args, **kwargs):
        key = review_links.key_from_token(kwargs["token"])
        link, opened = review_links.open_link(key=key) if key else (None, False)
        if link is None:
            raise Http404("No such review link.")
        if not opened:
            return private(expired_page(request))
        if link.article.is_published():
            return private(HttpResponseRedirect(link.article.get_absolute_url()))
        self.review_link = link
        return private(super().get(request, *args, **kwargs))

    def get_object(self, queryset=None):
        articles = Article.objects.for_listing().prefetch_related("notes")
        return articles.get(pk=self.review_link.article_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "is_preview": True, "review_link": self.review_link}


def expired_page(request):
    response = TemplateResponse(request, "articles/review_link_expired.html", status=410)
    return response.render()


def private(response):
    mark_as_preview(response)
    response["Referrer-Policy"] = "no-referrer"
    return response
