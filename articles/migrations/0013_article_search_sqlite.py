"""Full-text search on SQLite: an FTS5 index of every article, kept current by SQLite itself.

Like PostgreSQL's search document (migration 0005), triggers rewrite an article's entry whenever
the article is written or deleted, its tags change or one of its tags is renamed, so search stays
right whichever code made the change. The entry's rowid is the article's id. The body is indexed
as stored, markup and all. A SQLite built without FTS5 gets no index, and search falls back to
matching words with LIKE (articles/search.py). Other databases are left alone.
"""

from django.db import migrations
from django.db.utils import OperationalError

# Each trigger writes the article's tag names as one text into the entry's tags column.
CREATE = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        title, summary, tags, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_article
    BEGIN
        INSERT INTO articles_search(rowid, title, summary, tags, body)
        VALUES (new.id, new.title, new.summary, (
        SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = new.id), new.body);
    END
    """,
    """
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, summary, body
    ON articles_article
    BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
        INSERT INTO articles_search(rowid, title, summary, tags, body)
        VALUES (new.id, new.title, new.summary, (
        SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = new.id), new.body);
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
    END
    """,
    """
    CREATE TRIGGER articles_search_tag_added AFTER INSERT ON articles_article_tags
    BEGIN
        UPDATE articles_search SET tags = (SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = new.article_id)
        WHERE rowid = new.article_id;
    END
    """,
    """
    CREATE TRIGGER articles_search_tag_removed AFTER DELETE ON articles_article_tags
    BEGIN
        UPDATE articles_search SET tags = (SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = old.article_id)
        WHERE rowid = old.article_id;
    END
    """,
    """
    CREATE TRIGGER articles_search_tag_renamed AFTER UPDATE OF name ON articles_tag
    BEGIN
        UPDATE articles_search SET tags = (SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = articles_search.rowid)
        WHERE rowid IN (SELECT article_id FROM articles_article_tags WHERE tag_id = new.id);
    END
    """,
    """
    INSERT INTO articles_search(rowid, title, summary, tags, body)
    SELECT id, title, summary, (SELECT group_concat(tag.name, ' ') FROM articles_tag tag
        JOIN articles_article_tags link ON link.tag_id = tag.id
        WHERE link.article_id = articles_article.id), body
    FROM articles_article
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS articles_search_tag_renamed",
    "DROP TRIGGER IF EXISTS articles_search_tag_removed",
    "DROP TRIGGER IF EXISTS articles_search_tag_added",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TABLE IF EXISTS articles_search",
]


def fts5_available(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.articles_fts5_probe USING fts5(text)")
        except OperationalError:  # "no such module: fts5"
            return False
        cursor.execute("DROP TABLE temp.articles_fts5_probe")
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite" and fts5_available(schema_editor):
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_listing_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
