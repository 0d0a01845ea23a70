from pathlib import Path

from django.contrib.staticfiles import finders

from articles.demo.loader import load_demo_article
from tests.factories import CommentFactory

BUDGET = 50 * 1024
COMMENT = (
    "Comment {number}: see https://example.com/{number} for the background.\n\n"
    "A second paragraph with a few more words about the visit."
)


def test_demo_article_with_50_comments_weighs_under_50_kb_with_its_stylesheet(client, db):
    article, _ = load_demo_article()
    for number in range(50):
        # Named here, not by the factory's sequence, which grows with every test run before.
        CommentFactory(
            article=article,
            approved=True,
            name=f"Reader {number}",
            body=COMMENT.format(number=number),
        )
    html = client.get(article.get_absolute_url()).content
    css = Path(finders.find("css/site.css")).read_bytes()
    assert len(html) + len(css) <= BUDGET
