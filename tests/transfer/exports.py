"""Small WordPress exports for tests, written the way WordPress writes them."""

from xml.sax.saxutils import escape

WP_12 = "http://wordpress.org/export/1.2/"


def cdata(value) -> str:
    return f"<![CDATA[{value}]]>"


def comment(
    wp_id,
    *,
    parent=0,
    approved="1",
    kind="",
    author="Ann Reader",
    email="ann@example.com",
    content="A comment.",
    date="2020-01-02 10:00:00",
    ip="203.0.113.77",
    url="",
):
    return f"""
    <wp:comment>
      <wp:comment_id>{wp_id}</wp:comment_id>
      <wp:comment_author>{cdata(author)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
      <wp:comment_author_url>{url}</wp:comment_author_url>
      <wp:comment_author_IP>{ip}</wp:comment_author_IP>
      <wp:comment_date>{date}</wp:comment_date>
      <wp:comment_date_gmt>{date}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(content)}</wp:comment_content>
      <wp:comment_approved>{approved}</wp:comment_approved>
      <wp:comment_type>{kind}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""


def item(
    wp_id,
    *,
    title="A post",
    slug=None,
    post_type="post",
    status="publish",
    content="<p>Body.</p>",
    excerpt="",
    date="2014-05-04 12:30:00",
    author="jane",
    parent=0,
    categories=(),
    tags=(),
    meta=None,
    comments=(),
    link=None,
):
    slug = f"post-{wp_id}" if slug is None else slug
    terms = "".join(
        f'<category domain="category" nicename="{n}">{cdata(n.title())}</category>'
        for n in categories
    ) + "".join(f'<category domain="post_tag" nicename="{n}">{cdata(n)}</category>' for n in tags)
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    link = link or f"https://old.example.com/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
    return f"""
  <item>
    <title>{escape(title)}</title>
    <link>{link}</link>
    <dc:creator>{cdata(author)}</dc:creator>
    <content:encoded>{cdata(content)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{wp_id}</wp:post_id>
    <wp:post_date>{date}</wp:post_date>
    <wp:post_date_gmt>{date}</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>{slug}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>{post_type}</wp:post_type>
    {terms}{metas}{"".join(comments)}
  </item>"""


def author(login="jane", *, display="Jane Writer", email="jane@example.com"):
    return f"""
  <wp:author><wp:author_login>{login}</wp:author_login><wp:author_email>{email}</wp:author_email>
    <wp:author_display_name>{cdata(display)}</wp:author_display_name>
    <wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>"""


def export(*entries, namespace=WP_12, site="https://old.example.com", prologue="") -> str:
    excerpt = f"{namespace}excerpt/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>{prologue}
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{namespace}">
<channel>
  <title>Old blog</title>
  <link>{site}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
  {"".join(entries)}
</channel>
</rss>
"""


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
