import pytest
from django.urls import reverse

from forum import services
from forum.models import Category
from tests.factories import CategoryFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _search(client, **params):
    return client.get(reverse("forum:search"), params)


def _titles(response):
    return [post.thread.title for post in response.context["results"]]


@pytest.fixture
def corpus(category):
    author = UserFactory(display_name="Anne M")
    make_thread(
        category=category,
        author=author,
        title="Supervision that actually helps",
        body="Weekly reflective sessions.",
    )
    make_thread(
        category=category,
        title="Running after night shifts",
        body="Running clears my head after supervising.",
    )
    make_thread(category=category, title="Sleep", body="I can't sleep after hard visits; journaling helps.")
    return author


def test_finds_posts_by_body_and_title_with_stemming(member_client, corpus):
    assert set(_titles(_search(member_client, q="supervise"))) == {
        "Supervision that actually helps",
        "Running after night shifts",
    }


def test_title_matches_rank_first(member_client, corpus):
    assert _titles(_search(member_client, q="supervision"))[0] == "Supervision that actually helps"


def test_only_the_newest_matches_are_ranked(member_client, category, monkeypatch):
    from forum import search

    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    make_thread(category=category, title="Supervision oldest", body="Supervision, supervision.")
    make_thread(category=category, title="Plain middle", body="Some supervision.")
    make_thread(category=category, title="Supervision newer", body="Supervision again.")
    make_thread(category=category, title="Plain newest", body="More supervision.")
    response = _search(member_client, q="supervision")
    # The oldest match ranks best but falls outside the newest three; those three come best first.
    assert _titles(response) == ["Supervision newer", "Plain newest", "Plain middle"]
    assert "The 3 most recent results" in response.content.decode()


def test_quoted_phrases(member_client, corpus):
    assert _titles(_search(member_client, q='"hard visits"')) == ["Sleep"]
    assert _titles(_search(member_client, q='"visits hard"')) == []


def test_or_and_minus(member_client, corpus):
    assert set(_titles(_search(member_client, q="journaling OR reflective"))) == {
        "Sleep",
        "Supervision that actually helps",
    }
    assert _titles(_search(member_client, q="supervision -running")) == ["Supervision that actually helps"]


def test_snippets_highlight_matches_and_escape_html(member_client, category):
    make_thread(
        category=category,
        title="Markup",
        body="Try <b>journaling</b> & breathing <img src=x onerror=alert(1)>",
    )
    result = _search(member_client, q="journaling").context["results"][0]
    assert "<mark>journaling</mark>" in result.snippet
    assert "&amp;" in result.snippet
    assert "<b>" not in result.snippet and "<img" not in result.snippet


def test_filter_by_category_and_author(member_client, corpus, category):
    other = CategoryFactory(name="Elsewhere")
    make_thread(category=other, title="Supervision elsewhere", body="supervision")
    assert _titles(_search(member_client, q="supervision", category=other.pk)) == ["Supervision elsewhere"]
    assert _titles(_search(member_client, q="supervision", author="Anne M")) == [
        "Supervision that actually helps"
    ]


def test_a_category_the_searcher_may_not_read_is_a_form_error(member_client, corpus):
    verified_only = CategoryFactory(name="Verified only", access=Category.Access.VERIFIED_ONLY)
    make_thread(category=verified_only, title="Supervision behind the door", body="supervision")
    response = _search(member_client, q="supervision", category=verified_only.pk)
    assert "Select a valid choice." in response.content.decode()
    assert _titles(response) == []
    assert "Verified only" not in response.content.decode()


def test_unknown_author_is_a_form_error(member_client, corpus):
    response = _search(member_client, q="supervision", author="Nobody At All")
    assert "No member has that display name." in response.content.decode()


def test_results_are_paginated(member_client, category):
    for n in range(25):
        make_thread(category=category, title=f"Grounding {n}", body="grounding exercise")
    first = _search(member_client, q="grounding")
    second = _search(member_client, q="grounding", page=2)
    assert len(first.context["results"]) == 20 and len(second.context["results"]) == 5


@pytest.mark.parametrize("q", ['"unclosed', "OR OR", "-", "&&& |||", "!!!", "a" * 200, "(((", "\\"])
def test_malformed_queries_never_fail(member_client, corpus, q):
    assert _search(member_client, q=q).status_code == 200


def test_nul_bytes_in_the_query_are_refused_with_the_400_page(member_client, corpus):
    response = _search(member_client, q="sleep\x00")
    assert response.status_code == 400  # the one NUL check (config/middleware.py)


def test_never_returns_what_the_searcher_may_not_see(member_client, category, thread):
    hidden = services.reply(thread=thread, author=UserFactory(), body="secretword hidden")
    services.set_post_state(hidden, "hidden", hidden_reason="x")
    services.reply(thread=thread, author=UserFactory(is_trusted=False), body="secretword pending")
    deleted = services.reply(thread=thread, author=UserFactory(), body="secretword deleted")
    services.delete_post(post=deleted)
    pending_thread = make_thread(
        category=category, author=UserFactory(is_trusted=False), title="secretword thread"
    )
    assert pending_thread.is_hidden
    assert _titles(_search(member_client, q="secretword")) == []


def test_authors_find_their_own_pending_posts(client, thread):
    newcomer = UserFactory(is_trusted=False)
    services.reply(thread=thread, author=newcomer, body="secretword pending")
    client.force_login(newcomer)
    assert len(_search(client, q="secretword").context["results"]) == 1


def test_members_of_one_shape_each_find_only_their_own_post_awaiting_review(client, thread):
    newcomers = [UserFactory(is_trusted=False) for _ in range(2)]
    for newcomer in newcomers:
        services.reply(thread=thread, author=newcomer, body=f"secretword from {newcomer.display_name}")
    for newcomer in [*newcomers, newcomers[0]]:
        client.force_login(newcomer)
        [result] = _search(client, q="secretword").context["results"]
        assert result.author == newcomer


def test_a_filtered_search_after_an_unfiltered_one_keeps_its_filter(member_client, corpus, category):
    other = CategoryFactory(name="Elsewhere")
    make_thread(category=other, title="Supervision elsewhere", body="supervision")
    assert len(_titles(_search(member_client, q="supervision"))) == 3
    assert _titles(_search(member_client, q="supervision", category=other.pk)) == ["Supervision elsewhere"]
    assert _titles(_search(member_client, q="supervision", author="Anne M")) == [
        "Supervision that actually helps"
    ]
    assert len(_titles(_search(member_client, q="supervision"))) == 3


def test_logged_out_visitors_cannot_search_a_closed_forum(client, corpus):
    assert _search(client, q="sleep").status_code == 302


def test_logged_out_visitors_can_search_an_open_forum(client, corpus, settings):
    settings.HAVEN_PUBLIC_READ = True
    assert _titles(_search(client, q="sleep")) == ["Sleep"]


@pytest.mark.parametrize("matches", [1, 30])
def test_search_query_count_is_constant(member_client, category, django_assert_max_num_queries, matches):
    for n in range(matches):
        make_thread(category=category, title=f"Supervision {n}", body="Reflective supervision helps.")
    # The session with its member, the rate limit, the matches (planned for these words: a
    # transaction around its planner settings), the page's posts with snippets, and the categories.
    with django_assert_max_num_queries(9):
        response = _search(member_client, q="supervision")
    assert len(response.context["results"]) == min(matches, 20)


def test_each_search_is_planned_for_its_own_words_with_lookups_only(member_client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _search(member_client, q="supervise")
    statements = [query["sql"] for query in captured.captured_queries]
    setting = next(n for n, sql in enumerate(statements) if "set_config('plan_cache_mode'" in sql)
    for name, value in [
        ("plan_cache_mode", "force_custom_plan"),
        ("enable_hashjoin", "off"),
        ("enable_mergejoin", "off"),
        ("max_parallel_workers_per_gather", "0"),
    ]:
        assert f"set_config('{name}', '{value}', true)" in statements[setting]
    assert "websearch_to_tsquery" in statements[setting + 1]


@pytest.mark.django_db(transaction=True)
def test_search_planning_ends_with_its_transaction(member_client, corpus):
    from django.db import connection

    _search(member_client, q="supervise")
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_hashjoin")
        assert cursor.fetchone() == ("on",)


def test_snippets_read_as_the_post_does_not_as_its_markdown(member_client, thread, other_member):
    """Issue 24, item 6: no **stars** or [link](syntax) in a result."""
    services.reply(
        thread=thread,
        author=other_member,
        body="**Peer supervision** helped _a lot_, see [this](https://example.org)",
    )
    page = _search(member_client, q="supervision").content.decode()
    assert "Peer <mark>supervision</mark> helped a lot, see this" in page
    assert "**" not in page.split("<mark>", 1)[1][:200]
