"""Full-text search over thread titles and post bodies (PostgreSQL, English stemming).

Queries use web-search syntax ("quoted phrases", OR, -word) through websearch_to_tsquery, which
never fails on malformed input. Results are ranked (title matches weigh more) and come with
highlighted snippets. Visibility comes from the same querysets as every page, and an author
filter never matches anonymous posts. A result whose post or thread title has one of the
searcher's mute words, or whose warning is a kind they hide, is collapsed rather than left out
(forum/mute.py), so the count and the pages stay true and one click shows it.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, router, transaction
from django.db.models import F
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from forum import mute
from forum.models import Post

RESULTS_PER_PAGE = 20
# Ranking reads every match's vector, so a common word would cost as much as the whole forum.
# Only the newest matches are ranked: enough for any reader, and bounded whatever the size.
MAX_CANDIDATES = 1000
# ts_headline marks matches with these; the snippet is HTML-escaped, then they become <mark>.
START, STOP = "\x02", "\x03"


# Set for the one search query, inside its transaction.
# - Other queries are prepared once and then run on a generic plan (config/settings.py), but no
#   one plan suits every search: a rare word is best found through the full-text index, a common
#   one by walking the newest posts. This one is planned for its words.
# - A search keeps at most MAX_CANDIDATES posts, so looking up each one's thread is all the join
#   ever needs. PostgreSQL keeps statistics only for common words and guesses a rare word's
#   matches tenfold too high (5,012 for 525 at 1M posts); on that guess it hashed all 50,000
#   threads or started parallel workers, 20-50 ms where the lookups take 8-10 ms.
SEARCH_PLANNING = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
    " set_config('enable_hashjoin', 'off', true),"
    " set_config('enable_mergejoin', 'off', true),"
    " set_config('max_parallel_workers_per_gather', '0', true)"
)


def _newest_matches(
    viewer, *, limit: int, q: str, category_id: int | None = None, author_id: int | None = None
):
    """The newest LIMIT posts VIEWER may see that match Q, each with its rank."""
    query = SearchQuery(q, search_type="websearch", config="english")
    matches = Post.objects.visible_to(viewer).filter(is_deleted=False, search_vector=query)
    if category_id is not None:
        matches = matches.filter(thread__category_id=category_id)
    if author_id is not None:
        matches = matches.filter(author_id=author_id, is_anonymous=False)
    return (
        matches.annotate(match_rank=SearchRank(F("search_vector"), query))
        .order_by("-created_at")
        .values_list("pk", "match_rank", "created_at")[:limit]
    )


def search_posts(user, *, q: str, category=None, author=None) -> list[int]:
    """Ids of the visible posts matching Q, best first: the newest MAX_CANDIDATES matches, ranked.

    The matches are found by walking posts newest first (post_recent_idx) for a common word, or
    through the full-text index for a rare one, as the planner judges; either way the search runs
    once per request, and counting and paging use this list.
    """
    database = router.db_for_read(Post)
    matches = _newest_matches(
        user,
        limit=MAX_CANDIDATES,
        q=q,
        category_id=category.pk if category is not None else None,
        author_id=author.pk if author is not None else None,
    ).using(database)
    # Each of the newest matches is ranked as it is found, reading its vector once (ranking them in
    # a second query over the same posts took twice as long); at most MAX_CANDIDATES rows are
    # sorted here, best first.
    with transaction.atomic(using=database), connections[database].cursor() as cursor:
        cursor.execute(SEARCH_PLANNING)
        rows = list(matches)
    rows.sort(key=lambda row: (row[1], row[2]), reverse=True)
    return [pk for pk, _rank, _created_at in rows]


SPACES = re.compile(r"\s+")
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:!?)])")


def _words_of(headline: str) -> str:
    """The words of a headline cut from rendered HTML: no tags, entities written out, and the
    spaces that stood for tags closed up."""
    text = SPACES.sub(" ", html.unescape(strip_tags(headline))).strip()
    return SPACE_BEFORE_PUNCTUATION.sub("", text)


def with_snippets(post_ids: list[int], q: str, user):
    """The posts POST_IDS (one page), in that order, each with a safe `snippet` where matches are
    <mark>ed."""
    query = SearchQuery(q, search_type="websearch", config="english")
    posts = (
        Post.objects.filter(pk__in=post_ids)
        .annotate(
            # From the rendered post, not its Markdown, so a snippet reads as the post does.
            headline=SearchHeadline(
                "body_html",
                query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .select_related("thread__category", "author")
        .defer("search_vector", "body_html")
    )
    by_id = {post.pk: post for post in posts}
    page = [by_id[pk] for pk in post_ids if pk in by_id]
    expanded = set(getattr(user, "expanded_warnings", None) or [])
    reader = mute.reader_filter(user)
    for post in page:
        text = _words_of(post.headline)
        post.snippet = mark_safe(  # noqa: S308 - escaped first; only our own markers become <mark>
            escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
        )
        post.warning_expanded = bool(post.content_warning) and post.content_warning in expanded
        # A result shows its thread's title as well as the post, so both are checked.
        own = reader.is_own(post.author_id)
        post.muted_by_words = reader.mutes_thread(post.thread) or (not own and reader.mutes(post.body))
        post.hidden_by_warning = reader.hides_thread_warning(post.thread) or (
            not own and reader.hides_warning(post.content_warning)
        )
    return page
