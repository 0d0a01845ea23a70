"""What the comment form tells a reader: where its mistakes are, how long to wait, success."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def test_a_form_with_mistakes_comes_back_at_its_list_of_mistakes(article, post_comment):
    response = post_comment(article, name="")
    page = response.content.decode()
    action = reverse("comments:post", kwargs={"slug": article.slug}) + "#error-summary"
    assert f'action="{action}"' in page
    summary = re.search(r'<div class="error-summary"[^>]*>', page).group()
    assert 'id="error-summary"' in summary
    assert 'tabindex="-1"' in summary


def test_the_flood_message_says_how_long_is_left(article, post_comment):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert post_comment(article, body="First").status_code == 302
    with time_machine.travel(now + datetime.timedelta(seconds=11), tick=False):
        response = post_comment(article, email="other@example.com", body="Second")
    assert response.status_code == 429
    assert response["Retry-After"] == "4"
    assert "Please wait 4 seconds and send it again." in response.content.decode()
    with time_machine.travel(now + datetime.timedelta(seconds=14.5), tick=False):
        response = post_comment(article, email="third@example.com", body="Third")
    assert "Please wait 1 second and send it again." in response.content.decode()


def test_the_thank_you_notice_is_styled_as_a_success_not_a_warning(client, article, post_comment):
    post_comment(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="notice notice--success">Thank you!' in page
    css = STYLESHEET.read_text()
    success = re.search(r"\.notice--success \{([^}]*)\}", css).group(1)
    assert "border-left-color: var(--ok)" in success
    assert "--ok: #1e6b34" in css  # green, not the warnings' red (--accent)


def test_a_comment_sent_after_comments_closed_comes_back_at_its_kept_text(post_comment):
    article = ArticleFactory(allow_comments=False)
    response = post_comment(article, body="Too late, but kept.")
    page = response.content.decode()
    assert response.status_code == 403
    kept = re.search(r'<div class="comment-form" id="error-summary" tabindex="-1">', page)
    assert kept is not None
    assert page.index("error-summary") < page.index("Too late, but kept.")
