"""The article form's "Review links" panel: make a link for a draft, copy it, revoke it.

The panel sits after the article's form (forms do not nest), and its buttons are POSTs of
their own, behind CSRF and the permissions to change the article and to publish (a link shows
an unpublished article outside the newsroom: an editor's call); GET never makes or revokes.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles import review_links

PANEL_ANCHOR = "review-links"


class NewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=gettext_lazy("Works for"),
        choices=review_links.DAYS_CHOICES,
        coerce=int,
        initial=review_links.DEFAULT_DAYS,
    )


class ReviewLinkAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path(
                "<path:object_id>/review-links/",
                wrap(require_POST(self.create_review_link_view)),
                name="articles_article_review_link_create",
            ),
            path(
                "<path:object_id>/review-links/<int:link_id>/revoke/",
                wrap(require_POST(self.revoke_review_link_view)),
                name="articles_article_review_link_revoke",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        # Those who may not share see no panel: an editor makes the links for them.
        if article is not None and self.has_publish_permission(request):
            context["review_links"] = self.review_links_panel(request, article)
        return super().change_view(request, object_id, form_url, context)

    def review_links_panel(self, request, article) -> dict:
        links = list(article.review_links.select_related("created_by"))
        now = timezone.now()
        for link in links:
            link.url = request.build_absolute_uri(link.get_absolute_url())
            link.usable = link.is_usable(now)
        return {
            "links": links,
            "may_change": self._may_share(request, article),
            "may_share": not article.is_published(),
            "form": NewLinkForm(auto_id="review-link-%s"),
            "create_url": reverse("admin:articles_article_review_link_create", args=[article.pk]),
        }

    def _article_to_change(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        if not self._may_share(request, article):
            raise PermissionDenied
        return article

    def _may_share(self, request, article) -> bool:
        return self.has_change_permission(request, article) and self.has_publish_permission(request)

    def _back(self, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#{PANEL_ANCHOR}")

    def create_review_link_view(self, request, object_id):
        article = self._article_to_change(request, object_id)
        form = NewLinkForm(request.POST)
        if article.is_published():
            messages.error(request, _("This article is published: share its address instead."))
        elif not form.is_valid():
            messages.error(request, _("Choose how long the link works: 1, 7 or 30 days."))
        else:
            link = review_links.create(
                article=article, user=request.user, days=form.cleaned_data["days"]
            )
            expires = formats.date_format(timezone.localtime(link.expires_at), "j F Y, H:i")
            message = _("Review link made; it works until %(date)s. Copy it from the list below.")
            messages.success(request, message % {"date": expires})
        return self._back(article)

    def revoke_review_link_view(self, request, object_id, link_id):
        article = self._article_to_change(request, object_id)
        link = get_object_or_404(article.review_links, pk=link_id)
        review_links.revoke(link=link)
        messages.success(request, _("Review link revoked: it now says it has expired."))
        return self._back(article)
