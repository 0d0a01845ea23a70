"""What the comment section of an article page shows (templatetags/comments.py renders it).

Comments are shown as conversations: a first comment and the replies under it (its thread),
paged by first comments so that each page shows its threads whole. A page costs two queries
whatever the number of comments and levels: the number of threads, and every comment of the
page's threads, from which the tree is built here.
"""

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from comments import edits
from comments.forms import CommentForm, comment_id, form_token
from comments.models import Comment, comments_open
from pagecache.holes import hole
from pagecache.state import filling

PAGE_PARAMETER = "comments-page"
REPLY_PARAMETER = "replyto"
FORM_ANCHOR = "leave-a-comment"
SESSION_KEY = "comments_mine"
REMEMBERED = 20
FORM_STAMP_HOLE = "commentform"
# What comments/_comments.html shows of a comment; the rest (address, agent...) stays unread.
SHOWN_FIELDS = (
    *("article_id", "parent_id", "thread_id", "depth", "name", "body", "status"),
    *("staff_role", "created_at", "edited_at", "erased_at"),
)
SHOWN = Q(status=Comment.Status.APPROVED)  # as Comment.objects.shown()


def thread_starts(article):
    """First comments readers see: shown ones, and withdrawn ones that shown replies answer."""
    shown_reply = Comment.objects.filter(SHOWN, thread=OuterRef("pk"))
    return article.comments.filter(Q(SHOWN) | Exists(shown_reply), parent__isnull=True)


def comments_of_threads(starts):
    """The first comments `starts` and their replies that may be shown: shown ones, and the
    withdrawn ones with replies (which may keep a shown reply's place in the tree)."""
    answered = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    in_thread = Q(thread__in=starts) & (Q(SHOWN) | answered)
    return Comment.objects.filter(Q(pk__in=starts) | in_thread).only(*SHOWN_FIELDS)


def build_threads(comments) -> list:
    """The first comments, each with `shown_replies` (and so on down), `is_withdrawn` set;
    withdrawn comments without a shown reply below them are left out."""
    replies = defaultdict(list)
    for comment in comments:
        replies[comment.parent_id].append(comment)

    def keep(comment) -> bool:
        comment.shown_replies = [reply for reply in replies[comment.pk] if keep(reply)]
        comment.is_withdrawn = not comment.is_shown()
        return not comment.is_withdrawn or bool(comment.shown_replies)

    return [comment for comment in replies[None] if keep(comment)]


def reading_order(threads, *, reply_url: str | None) -> list:
    """Every comment of the threads in the order read, each with `closes`: how many reply
    lists end after it, so one template loop can write the nested lists (_comments.html);
    and, with `reply_url`, the address and label of its Reply link (made here: per comment,
    the template would spend more on them than on the rest of the comment)."""
    order = []

    def visit(comment, closing: int):
        order.append(comment)
        comment.closes = range(0 if comment.shown_replies else closing)
        comment.reply_href = comment.reply_label = ""  # a missing one costs the template more
        if reply_url and not comment.is_withdrawn:
            comment.reply_href = f"{reply_url}{comment.pk}#{FORM_ANCHOR}"
            comment.reply_label = _("Reply to %(name)s") % {"name": comment.name}
        last = len(comment.shown_replies) - 1
        for position, reply in enumerate(comment.shown_replies):
            visit(reply, closing + 1 if position == last else 0)

    for thread in threads:
        visit(thread, 0)
    return order


class ThreadPaginator(Paginator):
    """Pages of an article's threads, oldest first; each page's object_list is its threads."""

    def __init__(self, article):
        super().__init__(thread_starts(article), settings.COMMENTS_PER_PAGE)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        starts = self.object_list[bottom : bottom + self.per_page].values("pk")
        threads = build_threads(comments_of_threads(starts))
        return self._get_page(threads, number, self)


def comment_section(request, article, *, form: CommentForm | None = None) -> dict:
    """Approved comments (one page of threads), the form, and this reader's own."""
    comment_page = ThreadPaginator(article).get_page(request.GET.get(PAGE_PARAMETER))
    is_open = comments_open(article)
    if is_open and form is None:
        form = CommentForm(article=article)
        if filling(request):
            # A cached page must not hand every reader the time it was rendered.
            form.initial["token"] = hole(FORM_STAMP_HOLE, article.pk)
        if settings.COMMENTS_MAX_DEPTH > 1 and (answered := reply_target(request, article)):
            form.start_reply(answered)
        if request.user.is_staff:
            form.initial |= {"name": request.user.get_full_name(), "email": request.user.email}
    # Relative to the page (only the query changes): fifty comments, fifty shorter links.
    here = f"?{PAGE_PARAMETER}={comment_page.number}&" if comment_page.number > 1 else "?"
    reply_url = f"{here}{REPLY_PARAMETER}="
    replies_open = is_open and settings.COMMENTS_MAX_DEPTH > 1
    return {
        "comment_page": comment_page,
        "comment_page_parameter": PAGE_PARAMETER,
        "comments_in_order": reading_order(
            comment_page.object_list, reply_url=reply_url if replies_open else None
        ),
        "comments_open": is_open,
        "comment_form": form if is_open else None,
        "own_pending_comments": own_pending_comments(request, article),
        "editable_comment_ids": edits.editable_ids(request),
        "keep_ip_days": settings.COMMENTS_KEEP_IP_DAYS,
        "form_anchor": FORM_ANCHOR,
        "cancel_reply_url": f"{article.get_absolute_url()}{here.rstrip('?&')}#{FORM_ANCHOR}",
    }


def reply_target(request, article) -> Comment | None:
    """The comment a "Reply" link asks to answer, if readers see it; otherwise a plain form."""
    pk = comment_id(request.GET.get(REPLY_PARAMETER, ""))
    if pk is None:
        return None
    return article.comments.shown().only("pk", "name").filter(pk=pk).first()


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
    return list(article.comments.pending().filter(pk__in=mine).select_related("parent"))
