"""`manage.py import_disqus`: a Disqus export's comments onto the articles their threads name.

Expected counts come from the fixture file itself (tests/transfer/data/disqus-export.xml, written
from Disqus's documented export format), read here with defusedxml's plain parser.
"""

import gzip
import io
from collections import Counter
from pathlib import Path

import pytest
from defusedxml.ElementTree import parse
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from comments import moderation
from comments.models import BODY_MAX_LENGTH, Comment, ModerationEvent
from tests.factories import ArticleFactory, UserFactory
from tests.helpers import comment_form_data
from transfer.models import ImportedItem, OldAddress

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "disqus-export.xml"
NS = "{http://disqus.com}"
DSQ = "{http://disqus.com/disqus-internals}id"
WORDPRESS = "http://old.example.com"
# The threads the `moved_site` fixture gives an article, and how each is found.
MATCHED = {
    "7001": "address",
    "7002": "WordPress id",
    "7003": "WordPress id",
    "7006": "old WordPress address",
}


def posts_in_file(path=EXPORT):
    """Each post of the file as a dict of what the tests compare, in file order."""
    posts = []
    for post in parse(path).getroot().iter(f"{NS}post"):
        parent = post.find(f"{NS}parent")
        posts.append(
            {
                "id": post.get(DSQ),
                "thread": post.find(f"{NS}thread").get(DSQ),
                "parent": parent.get(DSQ) if parent is not None else None,
                "email": post.findtext(f"{NS}author/{NS}email") or "",
                "message": post.findtext(f"{NS}message"),
                "spam": post.findtext(f"{NS}isSpam") == "true",
                "deleted": post.findtext(f"{NS}isDeleted") == "true",
            }
        )
    return posts


def threads_in_file(path=EXPORT):
    root = parse(path).getroot()
    return {t.get(DSQ): t for t in root.findall(f"{NS}thread")}


def expected_imports():
    """Every post of the threads that match an article."""
    return [post for post in posts_in_file() if post["thread"] in MATCHED]


def expected_status(post):
    if post["spam"]:
        return Comment.Status.SPAM
    return Comment.Status.REJECTED if post["deleted"] else Comment.Status.APPROVED


def run_import(path=EXPORT, *options):
    out = io.StringIO()
    call_command("import_disqus", str(path), *options, stdout=out)
    return out.getvalue()


def imported(post_id):
    item = ImportedItem.objects.get(source="disqus:oldblog", kind="comment", source_id=post_id)
    return Comment.objects.get(pk=item.object_id)


def wordpress_post(article, post_id):
    ImportedItem.objects.create(
        source=WORDPRESS,
        kind="post",
        source_id=post_id,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=article.pk,
    )


@pytest.fixture
def moved_site(db):
    """The articles the fixture's threads belong to: one at its address, three from WordPress."""
    articles = {
        "7001": ArticleFactory(title="Moving day", slug="moving-day"),
        "7002": ArticleFactory(title="The winter garden", slug="the-winter-garden"),
        "7003": ArticleFactory(title="Seed swap", slug="seed-swap"),
        "7006": ArticleFactory(title="Picnic in the park", slug="picnic"),
    }
    wordpress_post(articles["7002"], "42")
    wordpress_post(articles["7003"], "57")
    OldAddress.objects.create(
        path="/2012/07/04/picnic-in-the-park/",
        source=WORDPRESS,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=articles["7006"].pk,
    )
    return articles


def edited_export(tmp_path, replacements):
    text = EXPORT.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_comments_of_matched_threads_are_imported_with_their_status(moved_site):
    run_import()
    expected = expected_imports()
    assert Comment.objects.count() == len(expected)
    assert Counter(Comment.objects.values_list("status", flat=True)) == Counter(
        expected_status(post) for post in expected
    )
    for post in expected:
        comment = imported(post["id"])
        assert comment.status == expected_status(post)
        assert comment.article == moved_site[post["thread"]]


def test_the_summary_counts_threads_by_how_they_matched_and_lists_the_others(moved_site):
    output = run_import()
    for how, count in Counter(MATCHED.values()).items():
        assert f"matched by {how}: {count}" in output
    unmatched = {k: t for k, t in threads_in_file().items() if k not in MATCHED}
    assert f"matched no article: {len(unmatched)}" in output
    for thread in unmatched.values():
        assert f"{thread.findtext(f'{NS}link')}  “{thread.findtext(f'{NS}title')}”" in output
    assert f"Comments imported: {len(expected_imports())}" in output
    unmatched_posts = [p for p in posts_in_file() if p["thread"] not in MATCHED]
    assert f"{len(unmatched_posts)}: its thread matched no article" in output


def test_replies_keep_their_parents_even_when_listed_before_them(moved_site):
    run_import()
    order = [post["id"] for post in posts_in_file()]
    listed_early = [
        post
        for post in posts_in_file()
        if post["parent"] in order and order.index(post["parent"]) > order.index(post["id"])
    ]
    assert listed_early, "the fixture lists a reply before the comment it answers"
    for post in listed_early:
        reply, parent = imported(post["id"]), imported(post["parent"])
        assert reply.parent == parent
        assert reply.depth == parent.depth + 1
        assert reply.thread == (parent.thread or parent)


def test_a_reply_to_a_comment_missing_from_the_file_becomes_a_first_comment(moved_site):
    output = run_import()
    comment = imported("8202")
    assert (comment.parent, comment.depth, comment.thread) == (None, 1, None)
    assert "1 comment: it answers a comment that is not in the file" in output


def test_the_approved_conversation_shows_on_the_cached_article_page(
    moved_site, client, django_capture_on_commit_callbacks
):
    article = moved_site["7001"]
    assert "Zoë Ångström" not in client.get(article.get_absolute_url()).text  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        run_import()
    page = client.get(article.get_absolute_url()).text
    assert "Zoë Ångström" in page
    assert "Thank you, it works for me now." in page
    assert "Cheap watches" not in page  # spam
    assert "I take that back" not in page  # deleted on Disqus


def test_scripts_are_removed_and_links_are_kept_as_text(moved_site, client):
    run_import()
    answer = imported("8002")
    assert answer.body == "Yes, same address.\nIt redirects."
    first = imported("8001")
    assert "feed (https://blog.example.org/feed/) the same?" in first.body
    page = client.get(moved_site["7001"].get_absolute_url()).text
    assert "evil.example" not in page
    assert '<a href="https://blog.example.org/feed/" rel="nofollow ugc noopener">' in page


def test_a_text_posted_twice_is_kept_twice(moved_site):
    run_import()
    first, again = imported("8001"), imported("8006")
    assert (first.email, first.body) == (again.email, again.body)
    assert first.pk != again.pk


def test_a_text_longer_than_comments_allow_is_cut_and_reported(moved_site, tmp_path):
    long = "<p>" + "word " * 1200 + "</p>"
    path = edited_export(tmp_path, [("<p>Count me in.</p>", long)])
    output = run_import(path)
    assert len(imported("8202").body) == BODY_MAX_LENGTH
    assert "1 comment: it was longer than 5,000 characters: its text was cut there" in output


def test_names_addresses_and_times_are_kept(moved_site):
    run_import()
    comment = imported("8201")
    assert comment.name == "Ana López"
    assert comment.email == "ana.lopez@example.com"
    assert comment.created_at.isoformat() == "2011-05-21T18:00:00+00:00"
    assert imported("8102").name == "李雷"


def test_guests_without_an_email_address_keep_their_comments(moved_site):
    run_import()
    guest, nameless = imported("8102"), imported("8103")
    assert guest.email == nameless.email == ""
    assert guest.body == nameless.body == "+1"  # the same text from two guests: both kept
    assert nameless.name == "Anonymous"
    assert nameless.ip_address is None  # the file's address was not one


def test_ip_addresses_past_the_keeping_time_are_shortened(moved_site, settings):
    settings.COMMENTS_KEEP_IP_DAYS = 30
    run_import()
    comment = imported("8101")
    assert (comment.ip_address, comment.is_ip_shortened) == ("2001:db8:85a3::", True)


def test_ip_addresses_within_the_keeping_time_are_kept_whole(moved_site, settings):
    settings.COMMENTS_KEEP_IP_DAYS = 100_000
    run_import()
    comment = imported("8001")
    assert (comment.ip_address, comment.is_ip_shortened) == ("203.0.113.77", False)


def test_importing_again_creates_nothing(moved_site):
    run_import()
    before = set(Comment.objects.values_list("pk", "status", "body"))
    output = run_import()
    assert set(Comment.objects.values_list("pk", "status", "body")) == before
    threads = ImportedItem.objects.filter(source="disqus:oldblog", kind="thread")
    assert dict(threads.values_list("source_id", "object_id")) == {
        thread_id: article.pk for thread_id, article in moved_site.items()
    }
    assert "Comments imported: 0" in output
    assert f"Comments unchanged: {len(expected_imports())}" in output


def test_importing_again_updates_what_changed_on_disqus(moved_site, tmp_path):
    run_import()
    changed = edited_export(
        tmp_path,
        [
            ("<isSpam>false</isSpam>", "<isSpam>true</isSpam>"),  # the first post, 8001
            ("Yes, same address.", "Yes, the same address."),
        ],
    )
    output = run_import(changed)
    assert "Comments updated: 2" in output
    assert imported("8001").status == Comment.Status.SPAM
    assert ModerationEvent.objects.get(comment=imported("8001")).to_status == "spam"
    assert imported("8002").body == "Yes, the same address.\nIt redirects."


def test_importing_again_keeps_a_decision_made_here(moved_site, tmp_path):
    run_import()
    moderator = UserFactory(is_staff=True)
    moderation.reject(comments=Comment.objects.filter(pk=imported("8001").pk), moderator=moderator)
    changed = edited_export(tmp_path, [("Congratulations on", "Congrats on")])
    output = run_import(changed)
    comment = imported("8001")
    assert comment.status == Comment.Status.REJECTED
    assert comment.body.startswith("Congratulations on")
    assert "1: it was moderated, edited or erased here after it was imported" in output


def test_a_comment_deleted_here_is_not_imported_again(moved_site):
    run_import()
    imported("8004").delete()
    output = run_import()
    assert not Comment.objects.filter(body__contains="Cheap watches").exists()
    assert "1: it was deleted here after it was imported" in output


def test_a_dry_run_reports_and_writes_nothing(moved_site):
    output = run_import(EXPORT, "--dry-run")
    assert f"Comments imported: {len(expected_imports())}" in output
    assert "Dry run: nothing was written." in output
    assert not Comment.objects.exists()
    assert not ImportedItem.objects.exclude(kind="post").exists()


def test_imported_comments_notify_no_one(moved_site, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.COMMENTS_NOTIFY = "each"
    settings.COMMENTS_MODERATOR_EMAILS = ["moderator@example.org"]
    run_import()
    assert Comment.objects.exists()
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()


def test_spam_rules_and_flood_control_leave_imported_comments_alone(moved_site, settings, client):
    settings.COMMENTS_BLOCKLIST = ["congratulations"]
    settings.COMMENTS_FLOOD_SECONDS = 3600
    run_import()
    assert imported("8001").status == Comment.Status.APPROVED
    article = moved_site["7001"]
    data = comment_form_data(article, email="zoe@example.net", body="A new remark, much later.")
    response = client.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
    assert response.status_code != 429
    assert Comment.objects.filter(body="A new remark, much later.").exists()


HOSTILE = {
    "entity expansion": (
        '<?xml version="1.0"?>\n<!DOCTYPE disqus [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        '<disqus xmlns="http://disqus.com">&b;</disqus>\n',
        "refused",
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE disqus [\n'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        '<disqus xmlns="http://disqus.com">&secret;</disqus>\n',
        "refused",
    ),
    "wrong root": (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n',
        "line 2: this is not a Disqus export: it starts with <rss>",
    ),
    "a post listed twice": (
        '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com"'
        ' xmlns:dsq="http://disqus.com/disqus-internals">\n'
        '<post dsq:id="1"><createdAt>2020-01-01T00:00:00Z</createdAt></post>\n'
        '<post dsq:id="1"><createdAt>2020-01-01T00:00:00Z</createdAt></post>\n</disqus>\n',
        "line 4: post 1 is listed twice",
    ),
    "a date that is not one": (
        '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com"'
        ' xmlns:dsq="http://disqus.com/disqus-internals">\n'
        '<post dsq:id="1"><createdAt>yesterday</createdAt></post>\n</disqus>\n',
        "line 3: a post's createdAt is not a date: 'yesterday'",
    ),
    "a post without an id": (
        '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">\n<post>\n'
        "<createdAt>2020-01-01T00:00:00Z</createdAt></post>\n</disqus>\n",
        "line 3: a <post> has no dsq:id",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_or_broken_file_is_refused(db, tmp_path, name):
    text, message = HOSTILE[name]
    path = tmp_path / "export.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        run_import(path)
    assert message in str(refused.value)
    assert "root:" not in str(refused.value)  # no file contents leak into the message


def test_a_truncated_file_imports_nothing_and_says_where_it_broke(moved_site, tmp_path):
    text = EXPORT.read_text(encoding="utf-8")
    cut = text.index('<post dsq:id="8201">')
    path = tmp_path / "export.xml"
    path.write_text(text[:cut], encoding="utf-8")
    lines = text[:cut].count("\n") + 1
    with pytest.raises(CommandError, match=f"line {lines}: the XML is broken"):
        run_import(path)
    assert not Comment.objects.exists()


def test_a_circle_of_parents_is_skipped(moved_site, tmp_path):
    first = '<thread dsq:id="7001" />\n  </post>\n  <post dsq:id="8003">'
    answering_its_reply = first.replace("</post>", '  <parent dsq:id="8003" />\n  </post>')
    output = run_import(edited_export(tmp_path, [(first, answering_its_reply)]))
    # 8001 → 8003 → 8002 → 8001, and 8005, which answers 8001.
    assert "4: it is in, or answers, a circle of parents" in output
    sources = ImportedItem.objects.filter(kind="comment").values_list("source_id", flat=True)
    assert not {"8001", "8002", "8003", "8005"} & set(sources)


def test_the_compressed_export_disqus_mails_is_read_as_it_is(moved_site, tmp_path):
    path = tmp_path / "oldblog-2026-12-01T10:00:00.xml.gz"
    path.write_bytes(gzip.compress(EXPORT.read_bytes()))
    assert f"Comments imported: {len(expected_imports())}" in run_import(path)


def test_a_damaged_compressed_export_is_an_error(db, tmp_path):
    path = tmp_path / "export.xml.gz"
    path.write_bytes(gzip.compress(EXPORT.read_bytes())[:500])
    with pytest.raises(CommandError, match="cannot be read .Compressed file ended"):
        run_import(path)
    assert not Comment.objects.exists()


def test_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run_import(tmp_path / "nowhere.xml")


def test_a_wordpress_id_is_looked_up_on_the_site_the_identifier_names(moved_site, tmp_path):
    other_site = ArticleFactory(title="Another blog's post 42")
    ImportedItem.objects.create(
        source="https://another.example",
        kind="post",
        source_id="42",
        content_type=ContentType.objects.get_for_model(Article),
        object_id=other_site.pk,
    )
    run_import()
    assert imported("8101").article == moved_site["7002"]


def test_a_thread_whose_wordpress_post_was_not_imported_is_matched_by_its_address(
    moved_site, tmp_path
):
    path = edited_export(tmp_path, [("<id />", "<id>7 http://old.example.com/?p=7</id>")])
    output = run_import(path)
    assert imported("8001").article == moved_site["7001"]
    assert "matched by address: 1" in output
