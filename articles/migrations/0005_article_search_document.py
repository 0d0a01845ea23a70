"""Full-text search document for articles, kept current by PostgreSQL itself.

Triggers rebuild an article's document whenever the article is written, its tags change or one of
its tags is renamed, so search stays right whichever code (admin, imports, bulk updates) made the
change. A GIN index serves the searches. Other databases get the empty column only.
"""

import django.contrib.postgres.search
from django.db import migrations

# The text search configuration must match articles.search.SEARCH_CONFIG.
CREATE = [
    """
    CREATE FUNCTION articles_search_document(
        article_id bigint, title text, summary text, body text
    ) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english', coalesce((
                SELECT string_agg(tag.name, ' ')
                FROM articles_tag tag
                JOIN articles_article_tags link ON link.tag_id = tag.id
                WHERE link.article_id = $1
            ), '')), 'B')
            || setweight(to_tsvector('english', coalesce(body, '')), 'C')
    $$
    """,
    """
    CREATE FUNCTION articles_article_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := articles_search_document(NEW.id, NEW.title, NEW.summary, NEW.body);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_search_document
    BEFORE INSERT OR UPDATE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_document()
    """,
    # Touching the article row makes the trigger above rebuild its document.
    """
    CREATE FUNCTION articles_article_tags_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE articles_article SET search_document = NULL WHERE id = OLD.article_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE articles_article SET search_document = NULL WHERE id = NEW.article_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_tags_search_document
    AFTER INSERT OR UPDATE OR DELETE ON articles_article_tags
    FOR EACH ROW EXECUTE FUNCTION articles_article_tags_search_document()
    """,
    """
    CREATE FUNCTION articles_tag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT article_id FROM articles_article_tags WHERE tag_id = NEW.id);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_tag_search_document
    AFTER UPDATE OF name ON articles_tag
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_tag_search_document()
    """,
    """
    CREATE INDEX articles_article_search_document_idx
    ON articles_article USING gin (search_document)
    """,
    "UPDATE articles_article SET search_document = NULL",
]

DROP = [
    "DROP INDEX IF EXISTS articles_article_search_document_idx",
    "DROP TRIGGER IF EXISTS articles_tag_search_document ON articles_tag",
    "DROP FUNCTION IF EXISTS articles_tag_search_document()",
    "DROP TRIGGER IF EXISTS articles_article_tags_search_document ON articles_article_tags",
    "DROP FUNCTION IF EXISTS articles_article_tags_search_document()",
    "DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_document()",
    "DROP FUNCTION IF EXISTS articles_search_document(bigint, text, text, text)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_seo_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
