"""Every way of changing content refreshes the cached pages it affects, whichever code makes it.

Each row is one write path (the admin's forms, bulk actions and deletes, plain ORM calls outside
any request, `manage.py shell`, a management command, the moderation functions) with the pages
it must refresh and pages it must leave cached. Every page is visited first, so it is stored;
after the change, a page that is answered without a database query was served from the cache:
that is a stale page when the change affects it, and a needless refresh when it does not.
The same holds at the shared cache in front: each change purges the surrogate keys of the
pages it affects, and none of the pages it leaves alone.
The database commits for real (transactional_db), so the refreshing runs as on a live site.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from comments import moderation
from comments.models import Comment
from core import roles
from tests.factories import ArticleFactory, CommentFactory, TagFactory, UserFactory
from tests.helpers import article_form, comment_form_data, staff_member
from tests.pagecache.proxy import PurgeProxy

pytestmark = pytest.mark.django_db(transaction=True)

# The pages that show article "Harbour reopens": "related" is another article's page, which lists
# it among its related articles; "other" shows nothing of it, nor does "archive" while its month
# keeps articles.
SHOWS_IT = {
    "article",
    "index",
    "tag",
    "tag-feed",
    "author",
    "month",
    "year",
    "feed",
    "atom",
    "sitemap",
    "related",
}
NOTHING_OF_IT = {"other", "archive"}


@pytest.fixture
def proxy(settings):
    """The shared cache in front, purged by xkey; it records what each purge names."""
    proxy = PurgeProxy()
    settings.NEWSBLOG_PURGE_URL = proxy.url
    settings.NEWSBLOG_PURGE_STYLE = "varnish-xkey"
    yield proxy
    proxy.close()


@pytest.fixture
def site(transactional_db):
    """Three published articles in two months, an approved and a pending comment, staff."""
    at = timezone.now() - datetime.timedelta(days=45)
    harbours, rail = TagFactory(name="Harbours"), TagFactory(name="Rail")
    ana = UserFactory(username="ana", first_name="Ana", last_name="Lopes")
    site = SimpleNamespace(
        harbours=harbours,
        rail=rail,
        article=ArticleFactory(
            title="Harbour reopens", author=ana, tags=[harbours], published_at=at
        ),
        related=ArticleFactory(
            title="Ferries return", tags=[harbours], published_at=at + datetime.timedelta(hours=1)
        ),
        other=ArticleFactory(
            title="Rail strike ends", tags=[rail], published_at=at - datetime.timedelta(days=70)
        ),
        editor=staff_member(roles.EDITORS, username="editor"),
        moderator=staff_member(roles.MODERATORS, username="moderator"),
        # Deleting an article deletes its comments, which Editors may not delete.
        chief=UserFactory(username="chief", is_staff=True, is_superuser=True),
    )
    site.approved = CommentFactory(article=site.article, approved=True, body="Lovely harbour.")
    site.pending = CommentFactory(article=site.article, body="Waiting for a moderator.")
    site.urls = page_urls(site)
    return site


def page_urls(site):
    local = timezone.localtime(site.article.published_at)
    return {
        "article": site.article.get_absolute_url(),
        "index": reverse("articles:index"),
        "tag": site.harbours.get_absolute_url(),
        "tag-feed": reverse("articles:tag-feed", args=[site.harbours.slug]),
        "author": reverse("articles:author", args=["ana"]),
        "month": reverse("articles:archive-month", args=[local.year, local.month]),
        "year": reverse("articles:archive-year", args=[local.year]),
        "archive": reverse("articles:archive"),
        "feed": reverse("articles:feed"),
        "atom": reverse("articles:feed-atom"),
        "sitemap": reverse("sitemap-section", args=["articles"]),
        "related": site.related.get_absolute_url(),
        "other": site.other.get_absolute_url(),
    }


def is_cached(reader, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    return len(queries) == 0


def admin_post(site, user, url_name, data, *args, query=""):
    client = Client()
    client.force_login(user)
    response = client.post(reverse(url_name, args=args) + query, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def admin_action(site, user, model, action, objects):
    url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "post": "yes"}
    # The moderation desk acts on the comments it shows: pending ones unless asked for all.
    query = "?status=all" if model is Comment else ""
    admin_post(site, user, url_name, data, query=query)


def article_change(article, **changes):
    """What the admin's form sends back for this article, with `changes` made."""
    at = article.published_at and timezone.localtime(article.published_at)
    return (
        article_form(
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            status=article.status,
            published_at_0=at.strftime("%Y-%m-%d") if at else "",
            published_at_1=at.strftime("%H:%M:%S") if at else "",
            tags=[tag.pk for tag in article.tags.all()],
        )
        | changes
    )


# The write paths. Each takes the site and makes one change.


def admin_edits_the_title(site):
    data = article_change(site.article, title="Harbour reopens at last")
    admin_post(site, site.editor, "admin:articles_article_change", data, site.article.pk)


def admin_moves_it_to_another_tag(site):
    data = article_change(site.article, tags=[site.rail.pk])
    admin_post(site, site.editor, "admin:articles_article_change", data, site.article.pk)


def admin_adds_a_published_article_with_its_tag(site):
    now = timezone.localtime()
    data = article_form(
        title="Harbour festival",
        slug="harbour-festival",
        status="published",
        published_at_0=now.strftime("%Y-%m-%d"),
        published_at_1=now.strftime("%H:%M:%S"),
        tags=[site.harbours.pk],
    )
    admin_post(site, site.editor, "admin:articles_article_add", data)


def admin_publishes_a_draft_with_its_tag(site):
    draft = ArticleFactory(title="Harbour festival", draft=True, tags=[site.harbours])
    admin_action(site, site.editor, Article, "publish", [draft])


def admin_moves_it_back_to_draft(site):
    admin_action(site, site.editor, Article, "unpublish", [site.article])


def admin_sets_an_unpublish_time_that_has_passed(site):
    passed = timezone.localtime() - datetime.timedelta(minutes=1)
    data = article_change(
        site.article,
        expires_at_0=passed.strftime("%Y-%m-%d"),
        expires_at_1=passed.strftime("%H:%M:%S"),
    )
    admin_post(site, site.editor, "admin:articles_article_change", data, site.article.pk)
    assert Article.objects.get(pk=site.article.pk).is_expired()


def admin_deletes_it(site):
    admin_post(site, site.chief, "admin:articles_article_delete", {"post": "yes"}, site.article.pk)


def admin_deletes_it_with_others(site):
    admin_action(site, site.chief, Article, "delete_selected", [site.article])


def admin_renames_its_tag(site):
    data = {"name": "Ports", "slug": "ports"}
    admin_post(site, site.editor, "admin:articles_tag_change", data, site.harbours.pk)


def admin_deletes_its_tag(site):
    # A tag in use: only a superuser may delete it (editors rename or merge).
    admin_post(site, site.chief, "admin:articles_tag_delete", {"post": "yes"}, site.harbours.pk)


def admin_deletes_its_tag_with_others(site):
    admin_action(site, site.chief, Tag, "delete_selected", [site.harbours])


def admin_merges_its_tag_into_another(site):
    ports = Tag.objects.create(name="Ports")
    data = {"action": "merge", "_selected_action": [site.harbours.pk, ports.pk], "keep": ports.pk}
    admin_post(site, site.editor, "admin:articles_tag_changelist", data)


def orm_edits_the_title(site):
    article = Article.objects.get(pk=site.article.pk)
    article.title = "Harbour reopens at last"
    article.save()


def orm_redates_it_to_another_month(site):
    article = Article.objects.get(pk=site.article.pk)
    article.published_at = site.other.published_at + datetime.timedelta(hours=1)
    article.save()


def orm_sets_an_unpublish_time_to_come(site):
    article = Article.objects.get(pk=site.article.pk)
    article.expires_at = timezone.now() + datetime.timedelta(days=1)
    article.save()


def orm_deletes_it(site):
    Article.objects.get(pk=site.article.pk).delete()


def orm_deletes_it_with_a_queryset(site):
    Article.objects.filter(pk=site.article.pk).delete()


def orm_removes_its_tag(site):
    site.article.tags.remove(site.harbours)


def orm_adds_a_tag(site):
    site.article.tags.add(TagFactory(name="Weather"))


def orm_clears_its_tags(site):
    site.article.tags.clear()


def orm_takes_it_off_the_tag(site):
    site.harbours.articles.remove(site.article)


def orm_puts_another_article_on_the_tag(site):
    site.harbours.articles.add(ArticleFactory(title="Harbour festival"))


def orm_renames_its_tag(site):
    tag = Tag.objects.get(pk=site.harbours.pk)
    tag.slug = "ports"
    tag.save()


def orm_deletes_its_tag(site):
    Tag.objects.get(pk=site.harbours.pk).delete()


def orm_renames_its_author(site):
    author = get_user_model().objects.get(username="ana")
    author.first_name = "Anabela"
    author.save()


def shell_edits_the_title(site):
    code = (
        "from articles.models import Article; "
        f"article = Article.objects.get(pk={site.article.pk}); "
        "article.title = 'Harbour reopens at last'; article.save()"
    )
    call_command("shell", command=code)


def command_loads_the_demo(site):
    call_command("load_demo", verbosity=0)


def admin_deletes_the_approved_comment(site):
    url_name = "admin:comments_comment_delete"
    admin_post(site, site.moderator, url_name, {"post": "yes"}, site.approved.pk)


def admin_edits_the_approved_comments_text(site):
    data = {"name": site.approved.name, "email": site.approved.email, "body": "Edited."}
    data |= {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}  # the history, read-only
    admin_post(site, site.moderator, "admin:comments_comment_change", data, site.approved.pk)


def admin_approves_the_pending_comment(site):
    admin_action(site, site.moderator, Comment, "approve", [site.pending])


def admin_rejects_the_approved_comment(site):
    admin_action(site, site.moderator, Comment, "reject", [site.approved])


def admin_deletes_comments(site):
    admin_action(site, site.moderator, Comment, "delete_selected", [site.approved, site.pending])


def moderation_marks_the_approved_comment_as_spam(site):
    comments = Comment.objects.filter(pk=site.approved.pk)
    moderation.mark_as_spam(comments=comments, moderator=site.moderator)


def orm_adds_an_approved_comment(site):
    CommentFactory(article=site.article, approved=True)


def orm_edits_the_approved_comment(site):
    comment = Comment.objects.get(pk=site.approved.pk)
    comment.body = "Edited."
    comment.save()


def orm_deletes_the_approved_comment(site):
    Comment.objects.get(pk=site.approved.pk).delete()


# Changes no reader sees: they must leave every cached page alone.


def orm_edits_the_pending_comment(site):
    comment = Comment.objects.get(pk=site.pending.pk)
    comment.body = "Still waiting."
    comment.save()


def reader_posts_a_comment(site):
    data = comment_form_data(site.article)
    Client().post(reverse("comments:post", args=[site.article.slug]), data)


def admin_rejects_the_pending_comment(site):
    admin_action(site, site.moderator, Comment, "reject", [site.pending])


def admin_edits_a_draft(site):
    draft = ArticleFactory(title="Harbour plans", draft=True, tags=[site.harbours])
    data = article_change(draft, title="Harbour plans, revised")
    admin_post(site, site.editor, "admin:articles_article_change", data, draft.pk)


def editor_logs_in(site):
    user = get_user_model().objects.get(username="ana")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])


EVERYTHING = SHOWS_IT | NOTHING_OF_IT
WRITE_PATHS = [
    # (the change, pages it must refresh, pages it must leave cached)
    (admin_edits_the_title, SHOWS_IT, NOTHING_OF_IT),
    (admin_moves_it_to_another_tag, SHOWS_IT | {"other"}, {"archive"}),
    (admin_adds_a_published_article_with_its_tag, {"index", "tag", "feed", "related"}, {"other"}),
    (admin_publishes_a_draft_with_its_tag, {"index", "tag", "feed", "related"}, {"other"}),
    (admin_moves_it_back_to_draft, SHOWS_IT, {"other"}),
    (admin_sets_an_unpublish_time_that_has_passed, SHOWS_IT, {"other"}),
    (admin_deletes_it, SHOWS_IT, {"other"}),
    (admin_deletes_it_with_others, SHOWS_IT, {"other"}),
    (admin_renames_its_tag, SHOWS_IT, NOTHING_OF_IT),
    (admin_deletes_its_tag, SHOWS_IT, NOTHING_OF_IT),
    (admin_deletes_its_tag_with_others, SHOWS_IT, NOTHING_OF_IT),
    (admin_merges_its_tag_into_another, SHOWS_IT, NOTHING_OF_IT),
    (orm_edits_the_title, SHOWS_IT, NOTHING_OF_IT),
    (orm_redates_it_to_another_month, SHOWS_IT | {"archive"}, set()),
    (orm_sets_an_unpublish_time_to_come, SHOWS_IT, NOTHING_OF_IT),
    (orm_deletes_it, SHOWS_IT, {"other"}),
    (orm_deletes_it_with_a_queryset, SHOWS_IT, {"other"}),
    (orm_removes_its_tag, SHOWS_IT, NOTHING_OF_IT),
    (orm_adds_a_tag, SHOWS_IT, NOTHING_OF_IT),
    (orm_clears_its_tags, SHOWS_IT, NOTHING_OF_IT),
    (orm_takes_it_off_the_tag, SHOWS_IT, NOTHING_OF_IT),
    (orm_puts_another_article_on_the_tag, {"index", "tag", "tag-feed", "related"}, {"other"}),
    (orm_renames_its_tag, SHOWS_IT, NOTHING_OF_IT),
    (orm_deletes_its_tag, SHOWS_IT, NOTHING_OF_IT),
    (orm_renames_its_author, SHOWS_IT, NOTHING_OF_IT),
    (shell_edits_the_title, SHOWS_IT, NOTHING_OF_IT),
    (command_loads_the_demo, {"index", "feed", "atom", "sitemap"}, {"other", "article", "tag"}),
    (admin_deletes_the_approved_comment, SHOWS_IT, NOTHING_OF_IT),
    (admin_edits_the_approved_comments_text, SHOWS_IT, NOTHING_OF_IT),
    (admin_approves_the_pending_comment, SHOWS_IT, NOTHING_OF_IT),
    (admin_rejects_the_approved_comment, SHOWS_IT, NOTHING_OF_IT),
    (admin_deletes_comments, SHOWS_IT, NOTHING_OF_IT),
    (moderation_marks_the_approved_comment_as_spam, SHOWS_IT, NOTHING_OF_IT),
    (orm_adds_an_approved_comment, SHOWS_IT, NOTHING_OF_IT),
    (orm_edits_the_approved_comment, SHOWS_IT, NOTHING_OF_IT),
    (orm_deletes_the_approved_comment, SHOWS_IT, NOTHING_OF_IT),
    (orm_edits_the_pending_comment, set(), EVERYTHING),
    (reader_posts_a_comment, set(), EVERYTHING),
    (admin_rejects_the_pending_comment, set(), EVERYTHING),
    (admin_edits_a_draft, set(), EVERYTHING),
    (editor_logs_in, set(), EVERYTHING),
]


@pytest.mark.parametrize(
    ("change", "refreshed", "kept"), WRITE_PATHS, ids=[row[0].__name__ for row in WRITE_PATHS]
)
def test_write_path_refreshes_the_cached_pages_it_affects(site, proxy, change, refreshed, kept):
    reader = Client()
    keys = {page: set(reader.get(url)["Surrogate-Key"].split()) for page, url in site.urls.items()}
    assert all(is_cached(reader, url) for url in site.urls.values()), "every page is stored"
    proxy.requests.clear()
    change(site)
    stale = sorted(page for page in refreshed if is_cached(reader, site.urls[page]))
    needless = sorted(page for page in kept if not is_cached(reader, site.urls[page]))
    assert (stale, needless) == ([], [])
    purged = proxy.purged_keys()
    stale_in_front = sorted(page for page in refreshed if not keys[page] & purged)
    needless_in_front = sorted(page for page in kept if keys[page] & purged)
    assert (stale_in_front, needless_in_front) == ([], [])


def test_deleting_an_approved_comment_in_the_admin_takes_it_off_the_cached_pages(site):
    reader = Client()
    assert "Lovely harbour." in reader.get(site.urls["article"]).content.decode()
    assert "1 comment" in reader.get(site.urls["index"]).content.decode()
    admin_deletes_the_approved_comment(site)
    assert "Lovely harbour." not in reader.get(site.urls["article"]).content.decode()
    assert "1 comment" not in reader.get(site.urls["index"]).content.decode()


def test_editing_an_approved_comment_in_the_admin_shows_the_new_text_at_once(site):
    reader = Client()
    assert "Lovely harbour." in reader.get(site.urls["article"]).content.decode()
    admin_edits_the_approved_comments_text(site)
    page = reader.get(site.urls["article"]).content.decode()
    assert "Edited." in page
    assert "Lovely harbour." not in page


def test_a_plain_orm_change_outside_any_request_shows_on_the_cached_pages(site):
    reader = Client()
    assert "Harbour reopens" in reader.get(site.urls["tag"]).content.decode()
    orm_edits_the_title(site)
    assert "Harbour reopens at last" in reader.get(site.urls["tag"]).content.decode()
    assert "Harbour reopens at last" in reader.get(site.urls["related"]).content.decode()
