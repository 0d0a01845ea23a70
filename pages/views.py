from django.http import Http404
from django.views.generic import DetailView

from core.previews import mark_as_preview
from pagecache.views import depends_on
from pages import cached_pages as names
from pages.models import Page
from pages.querysets import ancestor_paths


class PageDetailView(DetailView):
    """A page at its address, found with the pages above it (its breadcrumbs) in one query.

    Readers get a page only when it and every page above it are published; editors also get
    drafts, as a preview that is never cached and never indexed.
    """

    model = Page

    def get_object(self, queryset=None):
        path = self.kwargs["path"]
        above = ancestor_paths(path)
        # Its breadcrumbs show the pages above, and it is hidden with a draft among them.
        depends_on(self.request, *(names.page(path=ancestor) for ancestor in above))
        pages = Page.objects.filter(path__in=[*above, path])
        if not self.request.user.has_perm("pages.change_page"):
            pages = pages.filter(status=Page.Status.PUBLISHED)
        found = {page.path: page for page in pages}
        if len(found) != len(above) + 1:
            raise Http404("No page at this address.")
        page = found[path]
        page.breadcrumbs = [found[ancestor] for ancestor in above]
        return page

    def get_context_data(self, **kwargs):
        shown = [self.object, *self.object.breadcrumbs]
        is_preview = any(page.status != Page.Status.PUBLISHED for page in shown)
        return super().get_context_data(is_preview=is_preview, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            mark_as_preview(response)
        return response
