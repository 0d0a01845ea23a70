from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import cached_pages as pages
from articles import search
from articles.models import Article, ArticleNote, Tag
from articles.paging import DeferredJoinPaginator
from core.previews import mark_as_preview
from pagecache.views import depends_on


class PublishedArticlesMixin:
    """What every public list of articles shares: the published rule, the order and paging."""

    model = Article
    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = DeferredJoinPaginator

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleListView(PublishedArticlesMixin, ListView):
    pass


class TagDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        published = super().get_queryset()
        self.tag = get_object_or_404(Tag.objects.published(), slug=self.kwargs["slug"])
        return published.filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(DetailView):
    model = Article

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Taken down at its unpublish time: gone for good, not missing.
            if Article.objects.expired().filter(slug=kwargs["slug"]).exists():
                return render(request, "articles/article_gone.html", status=410)
            raise

    def get_queryset(self):
        # Editors preview every article; authors their own too (articles/authoring.py).
        articles = Article.objects.for_listing().prefetch_related("notes")
        user = self.request.user
        if user.has_perm("articles.change_others_article"):
            return articles
        if user.has_perm("articles.change_article"):
            return articles.filter(Q(pk__in=Article.objects.published()) | Q(author=user))
        return articles.published()

    def get_context_data(self, **kwargs):
        # The related articles come from its tags: a change on any of them shows here too.
        depends_on(self.request, *(pages.tag(slug=tag.slug) for tag in self.object.tags.all()))
        return super().get_context_data(is_preview=not self.object.is_published(), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            mark_as_preview(response)
        return response


class AuthorDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        User = get_user_model()
        authors = User.objects.filter(articles__in=Article.objects.published()).distinct()
        lookup = {User.USERNAME_FIELD: self.kwargs["username"]}
        self.author = get_object_or_404(authors, **lookup)
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class SearchView(PublishedArticlesMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        self.raw_query = self.request.GET.get("q", "")
        self.query = search.clean_query(self.raw_query)
        return search.search(super().get_queryset(), self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            query_has_words=search.has_words(self.query),
            query_was_shortened=self.query != search.clean_query(self.raw_query, max_length=None),
            **kwargs,
        )


class ArchiveView(ListView):
    """Every month that has articles, grouped by year."""

    template_name = "articles/archive.html"
    context_object_name = "months"

    def get_queryset(self):
        return Article.objects.published().months()


class YearMonthsMixin:
    """Date archives by publication date, listing the months of their year that have articles."""

    date_field = "published_at"
    month_format = "%m"

    def get_context_data(self, **kwargs):
        year_articles = Article.objects.published().filter(published_at__year=self.get_year())
        return super().get_context_data(months=year_articles.months(), **kwargs)


class ArticleYearArchiveView(PublishedArticlesMixin, YearMonthsMixin, YearArchiveView):
    make_object_list = True


class ArticleMonthArchiveView(PublishedArticlesMixin, YearMonthsMixin, MonthArchiveView):
    pass


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class CorrectionsView(ListView):
    """Every correction and clarification, newest first, each linked to its article."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginate_by = 20

    def get_queryset(self):
        return ArticleNote.objects.corrections().select_related("article")
