"""Whatever arrives at the comment address, the answer is never a server error."""

import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.models import Article
from comments.forms import form_token
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "body", "website", "token", "csrfmiddlewaretoken"]

texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=6000),
    st.sampled_from(["", " ", "\x00", "a@b.c", "https://x.org " * 3, "<script>", "é" * 101]),
)


@st.composite
def submissions(draw):
    """Often a sensible form with a few fields spoiled, sometimes anything at all."""
    number = draw(st.integers(0, 10**6))
    sensible = {"name": "Grace", "email": f"g{number}@example.com", "body": f"Remark {number}"}
    base = draw(st.sampled_from([{}, sensible]))
    fields = {**base, **draw(st.dictionaries(st.sampled_from(FIELDS), texts, max_size=3))}
    token = draw(st.sampled_from(["valid", "valid", "fresh", "stale", "as drawn"]))
    return fields, token


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["post", "post", "post", "get", "put", "delete", "patch", "head"]),
    slug=st.sampled_from(["open", "open", "open", "closed", "no-such-article", "é/../x", "%00"]),
    submission=submissions(),
    user_agent=st.text(max_size=400),
    remote_addr=st.sampled_from(["198.51.100.1", "2001:db8::1", "not-an-ip", ""]),
)
def test_comment_endpoint_never_answers_with_a_server_error(
    client, method, slug, submission, user_agent, remote_addr
):
    open_article = Article.objects.filter(slug="open").first() or ArticleFactory(slug="open")
    if not Article.objects.filter(slug="closed").exists():
        ArticleFactory(slug="closed", allow_comments=False)
    fields, token = submission
    ages = {"valid": 30, "fresh": 0, "stale": 3 * 60 * 60}
    if token in ages:
        fields["token"] = form_token(open_article.pk, issued_at=time.time() - ages[token])
    response = getattr(client, method)(
        f"/articles/{quote(slug, safe='')}/comments/",
        fields if method == "post" else None,
        HTTP_USER_AGENT=user_agent,
        REMOTE_ADDR=remote_addr,
    )
    event(f"HTTP {response.status_code}")
    assert 200 <= response.status_code < 500
