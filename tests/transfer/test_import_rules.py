"""How WordPress's things map onto NewsBlog's, one rule at a time."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from articles.models import Article, Tag
from comments.models import Comment
from pages.models import Page
from tests.images import samples
from tests.transfer.exports import WP_12, author, comment, export, item, write
from transfer.wordpress import import_wordpress

pytestmark = pytest.mark.django_db


def run(tmp_path, *entries, **options):
    return import_wordpress(
        write(tmp_path, export(*entries, namespace=options.pop("namespace", WP_12))), **options
    )


def test_statuses_map_as_the_editor_expects(tmp_path):
    report = run(
        tmp_path,
        item(1, status="publish"),
        item(2, status="future", date="2099-01-01 09:00:00"),
        item(3, status="draft"),
        item(4, status="pending"),
        item(5, status="private"),
        item(6, status="trash"),
    )
    by_slug = {a.slug: a for a in Article.objects.all()}
    assert by_slug["post-1"].is_published()
    assert by_slug["post-2"].is_scheduled()
    assert by_slug["post-2"].published_at == datetime.datetime(2099, 1, 1, 9, tzinfo=datetime.UTC)
    assert {by_slug[f"post-{n}"].status for n in (3, 4, 5)} == {"draft"}
    assert "post-6" not in by_slug
    assert report.reasons[("post", "private became a draft")] == 1
    assert report.reasons[("post", "in the trash")] == 1


@pytest.mark.parametrize(
    "namespace",
    ["http://wordpress.org/export/1.1/", "https://wordpress.org/export/1.2/", WP_12],
)
def test_both_versions_and_spellings_of_the_namespace_are_read(tmp_path, namespace):
    run(tmp_path, item(1, title="Hello"), namespace=namespace)
    assert Article.objects.get().title == "Hello"


def test_excerpt_or_more_becomes_the_summary(tmp_path):
    run(
        tmp_path,
        item(1, excerpt="<p>The <b>excerpt</b>.</p>", content="<p>Body</p><!--more--><p>Rest</p>"),
        item(
            2,
            content=(
                "<!-- wp:paragraph --><p>Before the fold.</p><!-- /wp:paragraph -->"
                "<!--more--><p>Rest</p>"
            ),
        ),
    )
    assert Article.objects.get(slug="post-1").summary == "The excerpt."
    second = Article.objects.get(slug="post-2")
    assert second.summary == "Before the fold."
    assert "wp:" not in second.body and "Rest" in second.body


def test_shortcodes_are_handled_and_counted(tmp_path):
    body = (
        '[caption id="a1" width="300"]<img src="a.jpg" alt="x"> A quiet harbour[/caption]'
        '<p>Text [gallery ids="1,2"] and [embed]https://v.example/1[/embed]</p>'
    )
    report = run(tmp_path, item(1, content=body))
    article = Article.objects.get()
    assert "A quiet harbour" in article.body
    assert "[" not in article.body
    assert report.shortcodes == {"caption": 1, "gallery": 1, "embed": 1}


def test_categories_and_tags_become_tags(tmp_path):
    run(tmp_path, item(1, categories=["news"], tags=["harbours", "boats"]))
    assert set(Article.objects.get().tags.values_list("slug", flat=True)) == {
        "news",
        "harbours",
        "boats",
    }
    assert Tag.objects.count() == 3


def test_authors_are_inactive_accounts_named_as_in_wordpress(tmp_path):
    run(tmp_path, author("jane", display="Jane Writer", email="jane@example.com"), item(1))
    user = Article.objects.get().author
    assert (user.username, user.get_full_name(), user.email) == (
        "jane",
        "Jane Writer",
        "jane@example.com",
    )
    assert not user.is_active and not user.has_usable_password()


def test_comments_keep_status_thread_and_time_and_notify_no_one(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    comments = [
        comment(12, parent=11, content="Reply to a reply", approved="0"),
        comment(11, parent=10, content="Reply"),
        comment(10, content="First"),
        comment(13, approved="spam", content="Buy now"),
        comment(14, approved="trash", content="Rude"),
        comment(15, kind="pingback", content="Linked"),
    ]
    report = run(tmp_path, item(1, comments=comments))
    by_body = {c.body: c for c in Comment.objects.all()}
    assert set(by_body) == {"First", "Reply", "Reply to a reply", "Buy now", "Rude"}
    assert by_body["Reply"].parent == by_body["First"]
    assert by_body["Reply to a reply"].parent == by_body["Reply"]
    assert by_body["Reply to a reply"].thread == by_body["First"]
    assert by_body["Reply to a reply"].depth == 3
    assert by_body["Reply to a reply"].status == "pending"
    assert (by_body["Buy now"].status, by_body["Rude"].status) == ("spam", "rejected")
    assert by_body["First"].created_at == datetime.datetime(2020, 1, 2, 10, tzinfo=datetime.UTC)
    assert by_body["First"].name == "Ann Reader" and by_body["First"].email == "ann@example.com"
    assert report.reasons[("comment", "pingbacks are not comments")] == 1
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()


def test_old_ip_addresses_are_shortened_as_the_privacy_setting_says(tmp_path, settings):
    settings.COMMENTS_KEEP_IP_DAYS = 30
    recent = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    run(
        tmp_path,
        item(1, comments=[comment(1, content="old"), comment(2, content="new", date=recent)]),
    )
    old, new = Comment.objects.get(body="old"), Comment.objects.get(body="new")
    assert (old.ip_address, old.is_ip_shortened) == ("203.0.113.0", True)
    assert (new.ip_address, new.is_ip_shortened) == ("203.0.113.77", False)


def test_pages_nest_whatever_order_the_file_lists_them(tmp_path):
    run(
        tmp_path,
        item(3, post_type="page", slug="team", parent=2),
        item(2, post_type="page", slug="about"),
        item(4, post_type="page", slug="orphan", parent=99),
    )
    assert set(Page.objects.values_list("path", flat=True)) == {"about", "about/team", "orphan"}


def test_a_changed_post_is_updated_not_duplicated(tmp_path):
    run(tmp_path, item(1, title="First title", comments=[comment(1, content="Hi")]))
    report = run(tmp_path, item(1, title="Better title", comments=[comment(1, content="Hi there")]))
    assert Article.objects.get().title == "Better title"
    assert Comment.objects.get().body == "Hi there"
    assert (report.total("post", "updated"), report.total("comment", "updated")) == (1, 1)


def test_the_same_post_from_another_site_is_another_article(tmp_path):
    run(tmp_path, item(1))
    import_wordpress(write(tmp_path, export(item(1), site="https://other.example.org"), "b.xml"))
    assert Article.objects.count() == 2


def featured(tmp_path, files):
    media = tmp_path / "uploads"
    for name, data in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    attachment = item(
        50,
        post_type="attachment",
        status="inherit",
        meta={
            "_wp_attached_file": "2014/05/harbour.jpg",
            "_wp_attachment_image_alt": "Boats in a harbour",
        },
    )
    bare = item(
        51,
        post_type="attachment",
        status="inherit",
        title="Lighthouse",
        meta={"_wp_attached_file": "2014/05/light.png"},
    )
    posts = [
        item(1, meta={"_thumbnail_id": "50"}),
        item(2, meta={"_thumbnail_id": "51"}),
        item(3, meta={"_thumbnail_id": "77"}),
    ]
    return import_wordpress(write(tmp_path, export(*posts, attachment, bare)), media=media)


def test_featured_images_come_from_the_media_folder_with_alt_text(tmp_path):
    report = featured(
        tmp_path, {"2014/05/harbour.jpg": samples.jpeg(), "2014/05/light.png": samples.png()}
    )
    first, second, third = (Article.objects.get(slug=f"post-{n}") for n in (1, 2, 3))
    assert first.image and first.image_alt == "Boats in a harbour"
    assert first.featured_image() is not None  # renditions made, as for an upload
    assert second.image_alt == "Lighthouse"
    assert not third.image
    assert report.reasons[("image", "its attachment is not in the file")] == 1


def test_a_missing_or_broken_image_is_reported_and_the_post_still_imported(tmp_path):
    report = featured(tmp_path, {"2014/05/harbour.jpg": b"not an image at all"})
    assert Article.objects.count() == 3
    assert not any(a.image for a in Article.objects.all())
    reasons = {why for (kind, why) in report.reasons if kind == "image"}
    assert any(why.startswith("refused") for why in reasons)
    assert "its file is missing from the media folder" in reasons


def test_an_attachment_path_outside_the_media_folder_is_not_read(tmp_path):
    (tmp_path / "secret.png").write_bytes(samples.png())
    (tmp_path / "uploads").mkdir()
    attachment = item(
        50, post_type="attachment", status="inherit", meta={"_wp_attached_file": "../secret.png"}
    )
    report = import_wordpress(
        write(tmp_path, export(item(1, meta={"_thumbnail_id": "50"}), attachment)),
        media=tmp_path / "uploads",
    )
    assert not Article.objects.get().image
    assert report.reasons[("image", "its file is outside the media folder")] == 1


def test_an_existing_account_of_the_same_login_writes_the_articles(tmp_path):
    existing = get_user_model().objects.create_user("jane", password="x")
    run(tmp_path, author("jane"), item(1))
    assert Article.objects.get().author == existing


def test_a_progress_bar_shows_while_it_runs(tmp_path, capsys):
    import_wordpress(write(tmp_path, export(item(1), item(2))), progress=True)
    assert "entries" in capsys.readouterr().err
