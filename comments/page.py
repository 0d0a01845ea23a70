"""What the comment section of an article page shows (templatetags/comments.py renders it)."""

from django.conf import settings
from django.core.paginator import Paginator

from comments import edits
from comments.forms import CommentForm, form_token
from comments.models import comments_open
from pagecache.holes import hole
from pagecache.state import filling

PAGE_PARAMETER = "comments-page"
SESSION_KEY = "comments_mine"
REMEMBERED = 20
FORM_STAMP_HOLE = "commentform"
# What comments/_comments.html shows of a comment; the rest (address, agent...) stays unread.
SHOWN_FIELDS = ("article_id", "name", "body", "status", "created_at", "edited_at")


class CommentPaginator(Paginator):
    """Pages of an article's approved comments, oldest first."""

    def __init__(self, article):
        shown = article.comments.approved().only(*SHOWN_FIELDS)
        super().__init__(shown, settings.COMMENTS_PER_PAGE)
        if hasattr(article, "comment_count"):
            self.count = article.comment_count  # already counted by the article's own query

    def page(self, number):
        # Unlike Paginator.page(), no trimming of the slice to the count: one query either way.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def comment_section(request, article, *, form: CommentForm | None = None) -> dict:
    """Approved comments (one page of them, oldest first), the form, and this reader's own."""
    paginator = CommentPaginator(article)
    is_open = comments_open(article)
    if is_open and form is None:
        form = CommentForm(article=article)
        if filling(request):
            # A cached page must not hand every reader the time it was rendered.
            form.initial["token"] = hole(FORM_STAMP_HOLE, article.pk)
    return {
        "comment_page": paginator.get_page(request.GET.get(PAGE_PARAMETER)),
        "comment_page_parameter": PAGE_PARAMETER,
        "comments_open": is_open,
        "comment_form": form if is_open else None,
        "own_pending_comments": own_pending_comments(request, article),
        "editable_comment_ids": edits.editable_ids(request),
        "keep_ip_days": settings.COMMENTS_KEEP_IP_DAYS,
    }


def fresh_form_token(request, article_id: str) -> str:
    """Fills the form's token into a cached article page as it is served."""
    return form_token(int(article_id))


def remember_own_comment(request, comment) -> None:
    """Let this browser see its own comment while it waits for a moderator."""
    mine = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*mine, comment.pk][-REMEMBERED:]


def own_pending_comments(request, article) -> list:
    mine = request.session.get(SESSION_KEY)
    if not mine:
        return []
    return list(article.comments.pending().filter(pk__in=mine))
