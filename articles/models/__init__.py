"""The articles app's models, one module each (or a few that belong together); import them from
here: `from articles.models import Article, Tag`."""

from articles.autosave import ArticleAutosave
from articles.models.article import Article
from articles.models.notes import ArticleNote
from articles.models.tag import Tag, TagRedirect
from articles.review_links import ReviewLink

__all__ = ["Article", "ArticleAutosave", "ArticleNote", "ReviewLink", "Tag", "TagRedirect"]
