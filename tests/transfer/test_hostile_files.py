"""Files that try something, or are broken, are refused with the line, and import nothing."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment
from tests.transfer.exports import comment, export, item, write
from transfer.models import ImportedItem
from transfer.wordpress import import_wordpress
from transfer.wxr import WXRError

pytestmark = pytest.mark.django_db

LAUGHS = """
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>"""
EXTERNAL = """
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>"""


def nothing_imported():
    return not (
        Article.objects.exists() or Comment.objects.exists() or ImportedItem.objects.exists()
    )


def refused(tmp_path, text) -> str:
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(write(tmp_path, text)))
    assert "Nothing was imported." in str(error.value)
    assert nothing_imported()
    return str(error.value)


def test_entity_expansion_is_refused(tmp_path):
    text = export(item(1, title="&lol3;"), prologue=LAUGHS)
    assert "Line 2: refused, it declares a document type" in refused(tmp_path, text)


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    text = export(item(1, content="x", title="&secret;"), prologue=EXTERNAL)
    message = refused(tmp_path, text)
    assert "refused" in message and "root:" not in message


def test_a_truncated_file_says_where_it_broke_and_imports_nothing(tmp_path):
    whole = export(*(item(n, comments=[comment(n * 10)]) for n in range(1, 40)))
    cut = whole[: len(whole) * 3 // 4]
    line = cut.count("\n") + 1
    assert f"Line {line}: the XML is broken" in refused(tmp_path, cut)


def test_a_file_that_is_not_rss_is_refused(tmp_path):
    message = refused(tmp_path, '<?xml version="1.0"?>\n<feed><entry/></feed>')
    assert "Line 2: the file starts with <feed>" in message


def test_an_rss_feed_that_is_not_a_wordpress_export_is_refused(tmp_path):
    feed = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>'
        "<item><title>a</title></item></channel></rss>"
    )
    assert "not a WordPress export" in refused(tmp_path, feed)


def test_a_bad_entry_late_in_the_file_imports_nothing_before_it(tmp_path):
    good = [item(n, comments=[comment(n)]) for n in range(1, 30)]
    text = export(*good, item("not-a-number"))
    assert "has no usable wp:post_id" in refused(tmp_path, text)


def test_scripts_in_content_and_comments_are_removed(tmp_path):
    hostile = (
        '<p onclick="steal()">Hello</p><script>alert("post")</script>'
        '<a href="javascript:x()">link</a>'
    )
    reply = 'Nice<script>alert("comment")</script> <img src=x onerror=alert(1)> <b>post</b>'
    path = write(tmp_path, export(item(1, content=hostile, comments=[comment(5, content=reply)])))
    import_wordpress(path)
    article = Article.objects.get()
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript" not in article.body and "alert" not in article.body
    assert "Hello" in article.body
    body = Comment.objects.get().body
    assert body == "Nice post"


def test_the_error_is_a_wxr_error_for_code_callers(tmp_path):
    with pytest.raises(WXRError, match="Line 1"):
        import_wordpress(write(tmp_path, "<rss"))


def test_a_failure_while_writing_leaves_the_site_as_it_was(tmp_path, monkeypatch):
    from transfer import wp_comments

    calls = []
    real = wp_comments.import_comments

    def fails_on_the_third_post(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(wp_comments, "import_comments", fails_on_the_third_post)
    path = write(tmp_path, export(*(item(n, comments=[comment(n)]) for n in range(1, 6))))
    with pytest.raises(RuntimeError):
        import_wordpress(path)
    assert nothing_imported()
