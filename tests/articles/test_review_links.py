"""Review links: a draft shown to someone without an account, until it expires or is revoked."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import review_links
from articles.models import Article, ReviewLink
from pagecache.views import cached_page_parameters
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
EXPIRED = "This preview link has expired"


@pytest.fixture
def draft(db):
    return ArticleFactory(draft=True, title="Harbour plans leaked", body="<p>Secret plans.</p>")


@pytest.fixture
def link(draft, editor):
    return review_links.create(article=draft, user=editor)


def open_link(link_or_url, client=None):
    url = link_or_url if isinstance(link_or_url, str) else link_or_url.get_absolute_url()
    return (client or Client()).get(url)


def create_url(article):
    return reverse("admin:articles_article_review_link_create", args=[article.pk])


def revoke_url(link):
    return reverse("admin:articles_article_review_link_revoke", args=[link.article_id, link.pk])


# The shared page


def test_review_link_shows_the_draft_to_a_reader_without_an_account(link):
    response = open_link(link)
    assert response.status_code == 200
    assert "Harbour plans leaked" in response.text
    assert "Secret plans." in response.text
    assert "Preview: not published yet." in response.text


def test_scheduled_article_can_be_shared_too(editor):
    scheduled = ArticleFactory(scheduled=True, title="Budget to be announced")
    link = review_links.create(article=scheduled, user=editor)
    response = open_link(link)
    assert response.status_code == 200
    assert "Budget to be announced" in response.text


def test_shared_page_is_never_cached_by_browsers_or_proxies(link):
    response = open_link(link)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_shared_page_is_not_kept_in_the_page_cache(link, draft):
    assert open_link(link).status_code == 200
    # An UPDATE refreshes no cached page: a stored copy would still show the old title.
    Article.objects.filter(pk=draft.pk).update(title="Harbour plans, second draft")
    assert "Harbour plans, second draft" in open_link(link).text
    # Nor is it a page the cache's middleware would look up.
    assert cached_page_parameters(settings.ROOT_URLCONF, link.get_absolute_url()) is None


def test_shared_page_is_not_indexed_by_search_engines(link):
    response = open_link(link)
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert '<link rel="canonical"' not in response.text


def test_shared_page_does_not_send_its_address_to_linked_sites(link):
    assert open_link(link)["Referrer-Policy"] == "no-referrer"


def test_shared_page_offers_no_comment_form(link):
    response = open_link(link)
    assert 'id="leave-a-comment"' not in response.text
    assert 'name="body"' not in response.text
    assert "comment" not in response.text.lower().split("<main", 1)[1]


def test_link_to_an_article_published_since_leads_to_its_public_page(link, draft):
    draft.status = Article.Status.PUBLISHED
    draft.save()
    response = open_link(link)
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


# Signature


def test_link_address_carries_a_signature_of_its_key(link):
    assert link.token() != link.key
    assert review_links.key_from_token(link.token()) == link.key


@pytest.mark.parametrize(
    "garble",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token,  # key changed
        lambda token: token.split(":")[0],  # no signature
        lambda token: "not-a-link",
    ],
)
def test_forged_or_garbled_address_is_not_found(link, garble):
    url = reverse("articles:review-link", kwargs={"token": garble(link.token())})
    response = open_link(url)
    assert response.status_code == 404
    assert "Harbour plans leaked" not in response.text


def test_a_key_signed_for_another_use_does_not_open(link):
    forged = signing.Signer().sign(link.key)  # the secret key, but not this use's salt
    response = open_link(reverse("articles:review-link", kwargs={"token": forged}))
    assert response.status_code == 404


def test_forged_address_counts_no_opening(link):
    open_link(reverse("articles:review-link", kwargs={"token": link.key + ":forged"}))
    link.refresh_from_db()
    assert link.view_count == 0


# Expiry and revocation


def test_link_works_for_seven_days_by_default(draft, editor):
    with time_machine.travel(NOW, tick=False):
        link = review_links.create(article=draft, user=editor)
    assert link.expires_at == NOW + datetime.timedelta(days=7)


def test_link_works_until_the_second_before_it_expires(draft, editor):
    with time_machine.travel(NOW, tick=False):
        link = review_links.create(article=draft, user=editor, days=1)
    with time_machine.travel(NOW + datetime.timedelta(days=1, seconds=-1), tick=False):
        assert open_link(link).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        response = open_link(link)
    assert response.status_code == 410
    assert EXPIRED in response.text
    assert "Harbour plans leaked" not in response.text


def test_revoked_link_answers_gone_and_never_the_article(link):
    review_links.revoke(link=link)
    response = open_link(link)
    assert response.status_code == 410
    assert EXPIRED in response.text
    assert "Secret plans." not in response.text
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_revoked_link_to_a_published_article_does_not_redirect(link, draft):
    review_links.revoke(link=link)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert open_link(link).status_code == 410


def test_revoking_a_link_leaves_the_other_links_working(link, draft, editor):
    other = review_links.create(article=draft, user=editor)
    review_links.revoke(link=link)
    assert open_link(other).status_code == 200


# View counts


def test_each_opening_is_counted(link):
    for _ in range(3):
        open_link(link)
    link.refresh_from_db()
    assert link.view_count == 3
    assert link.last_opened_at is not None


def test_counting_an_opening_is_a_single_update(link):
    with CaptureQueriesContext(connection) as queries:
        open_link(link)
    updates = [q["sql"] for q in queries if "review" in q["sql"] and q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"view_count" + 1' in updates[0].replace("`", '"')


def test_expired_or_revoked_openings_are_not_counted(link):
    review_links.revoke(link=link)
    open_link(link)
    link.refresh_from_db()
    assert link.view_count == 0


# The admin panel


def test_editor_makes_a_link_with_the_chosen_expiry(editor_client, draft):
    with time_machine.travel(NOW, tick=False):
        response = editor_client.post(create_url(draft), {"days": "30"})
    assert response.status_code == 302
    link = ReviewLink.objects.get(article=draft)
    assert link.expires_at == NOW + datetime.timedelta(days=30)
    assert link.created_by.username == "editor"


def test_an_expiry_not_offered_is_refused_and_makes_no_link(editor_client, draft):
    response = editor_client.post(create_url(draft), {"days": "365"}, follow=True)
    assert "Choose how long the link works" in response.text
    assert not ReviewLink.objects.exists()


def test_published_article_gets_no_review_link(editor_client):
    published = ArticleFactory()
    response = editor_client.post(create_url(published), {"days": "7"}, follow=True)
    assert "This article is published" in response.text
    assert not ReviewLink.objects.exists()


def test_article_form_lists_its_links_with_maker_dates_count_and_address(editor_client, link):
    ReviewLink.objects.filter(pk=link.pk).update(view_count=2)
    response = editor_client.get(reverse("admin:articles_article_change", args=[link.article_id]))
    panel = response.text.split('id="review-links"', 1)[1]
    assert "1 link, newest first" in panel
    assert f'value="http://testserver{link.get_absolute_url()}"' in panel
    assert "2 times" in panel
    assert link.created_by.get_full_name() in panel
    assert "Revoke" in panel


def test_editor_revokes_a_link(editor_client, link):
    response = editor_client.post(revoke_url(link))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert open_link(link).status_code == 410


def test_a_link_of_another_article_cannot_be_revoked_through_this_one(editor_client, link, editor):
    other = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_review_link_revoke", args=[other.pk, link.pk])
    assert editor_client.post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_get_neither_makes_nor_revokes_a_link(editor_client, draft, link):
    assert editor_client.get(create_url(draft), {"days": "7"}).status_code == 405
    assert editor_client.get(revoke_url(link)).status_code == 405
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ReviewLink.objects.count() == 1


def test_making_and_revoking_need_the_csrf_token(editor, draft, link):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(create_url(draft), {"days": "7"}).status_code == 403
    assert client.post(revoke_url(link)).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ReviewLink.objects.count() == 1


def test_moderator_can_neither_make_nor_revoke_a_link(moderator_client, draft, link):
    assert moderator_client.post(create_url(draft), {"days": "7"}).status_code == 403
    assert moderator_client.post(revoke_url(link)).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ReviewLink.objects.count() == 1


def test_anonymous_visitor_can_neither_make_nor_revoke_a_link(client, draft, link):
    for response in (client.post(create_url(draft), {"days": "7"}), client.post(revoke_url(link))):
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ReviewLink.objects.count() == 1


def test_staff_without_change_permission_cannot_make_a_link(client, draft):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(create_url(draft), {"days": "7"}).status_code == 403
    assert not ReviewLink.objects.exists()


def test_deleting_the_article_ends_its_links(link, draft):
    url = link.get_absolute_url()
    draft.delete()
    assert open_link(url).status_code == 404


def test_link_expiry_after_it_is_made_is_a_database_rule(draft, editor):
    with pytest.raises(IntegrityError):
        ReviewLink.objects.create(
            article=draft,
            key="k",
            created_by=editor,
            expires_at=timezone.now() - datetime.timedelta(1),
        )
