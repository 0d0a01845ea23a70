from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from articles.models import Article, Tag
from comments.page import comment_section


class PublishedArticlesMixin:
    """What every public list of articles shares: the published rule, the order and paging."""

    model = Article
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleListView(PublishedArticlesMixin, ListView):
    pass


class TagDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        published = super().get_queryset()
        self.tag = get_object_or_404(
            Tag.objects.filter(articles__in=Article.objects.published()).distinct(),
            slug=self.kwargs["slug"],
        )
        return published.filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(DetailView):
    model = Article

    def get_queryset(self):
        if self.request.user.has_perm("articles.change_article"):
            return Article.objects.for_listing()
        return Article.objects.published().for_listing()

    def get_context_data(self, *, comment_form=None, **kwargs):
        comments = comment_section(self.request, self.object, form=comment_form)
        return super().get_context_data(
            is_preview=not self.object.is_published(), **comments, **kwargs
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
