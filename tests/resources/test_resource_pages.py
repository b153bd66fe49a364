"""Resource pages: written by staff in Markdown through the one sanitiser, tagged by topic,
published or kept as drafts, with their review dates shown (and an overdue review flagged to
staff only)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import ResourcePage
from tests.factories import ModeratorFactory, ResourcePageFactory, TopicFactory, UserFactory
from tests.html_safety import unsafe_markup

pytestmark = pytest.mark.django_db
LIST = reverse("resources:list")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def _page_url(page):
    return reverse("resources:page", args=[page.slug])


# --- The sanitiser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('canary')</script>",
        '<img src="x" onerror="alert(\'canary\')">',
        "[a link](javascript:alert('canary'))",
        '<a href="#" onclick="alert(\'canary\')">click</a>',
    ],
)
def test_a_pages_body_goes_through_the_sanitiser_and_stays_inert(client, attack):
    page = ResourcePageFactory(body=f"Before\n\n{attack}\n\nAfter")
    html = client.get(_page_url(page)).content.decode()
    body = html[
        html.index('<div class="post-body">') + len('<div class="post-body">') : html.index("</div>\n<dl")
    ]
    assert "<p>Before</p>" in body and "<p>After</p>" in body
    assert unsafe_markup(body) == []
    assert "<script" not in html.split("</main>")[0]


def test_a_pages_markdown_is_rendered_when_it_is_saved(db):
    page = ResourcePageFactory(body="Some **bold** words")
    assert page.body_html == "<p>Some <strong>bold</strong> words</p>\n"
    page.body = "Now *different*"
    page.save(update_fields=["body"])
    page.refresh_from_db()
    assert page.body_html == "<p>Now <em>different</em></p>\n"


# --- Drafts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_a_draft_is_not_found_by_anyone_but_staff(client, who):
    draft = ResourcePageFactory(status=ResourcePage.Status.DRAFT)
    if who != "anonymous":
        client.force_login(UserFactory() if who == "member" else ModeratorFactory())
    assert client.get(_page_url(draft)).status_code == 404


def test_a_draft_is_not_listed_for_members(member_client):
    ResourcePageFactory(title="Still being written", status=ResourcePage.Status.DRAFT)
    published = ResourcePageFactory()
    assert [page.pk for page in member_client.get(LIST).context["listing"].pages] == [published.pk]


def test_staff_see_a_draft_marked_as_one(staff_client):
    draft = ResourcePageFactory(status=ResourcePage.Status.DRAFT)
    assert "A draft: only staff can see it." in staff_client.get(_page_url(draft)).content.decode()
    assert "Draft</span>" in staff_client.get(LIST).content.decode()


def test_a_published_page_is_open_to_visitors_who_are_not_signed_in(client):
    page = ResourcePageFactory(title="Sleep after hard shifts")
    response = client.get(_page_url(page))
    assert response.status_code == 200
    assert "Sleep after hard shifts" in response.content.decode()


# --- Topics -------------------------------------------------------------------------------------


def test_the_list_filters_by_topic(client):
    sleep = TopicFactory(name="Sleep", slug="sleep")
    on_sleep = ResourcePageFactory(topics=[sleep])
    ResourcePageFactory(topics=[TopicFactory()])
    listing = client.get(LIST, {"topic": "sleep"}).context["listing"]
    assert ([page.pk for page in listing.pages], listing.topic) == ([on_sleep.pk], sleep)


def test_without_a_topic_the_list_has_every_published_page_by_title(client):
    second = ResourcePageFactory(title="Burnout")
    first = ResourcePageFactory(title="Anger")
    assert [page.pk for page in client.get(LIST).context["listing"].pages] == [first.pk, second.pk]


@pytest.mark.parametrize("topic", ["no-such-topic", "'; drop table", "%00", "x" * 500])
def test_an_unknown_topic_is_not_found(client, topic):
    TopicFactory(slug="sleep")
    assert client.get(LIST, {"topic": topic}).status_code == 404


def test_an_unknown_page_is_not_found(client):
    assert client.get(reverse("resources:page", args=["no-such-page"])).status_code == 404


def test_a_page_links_to_the_list_of_its_topics(client):
    page = ResourcePageFactory(topics=[TopicFactory(name="Moral injury", slug="moral-injury")])
    html = client.get(_page_url(page)).content.decode()
    assert f'href="{LIST}?topic=moral-injury">Moral injury</a>' in html


# --- Review dates --------------------------------------------------------------------------------


def test_a_page_shows_when_it_was_reviewed_and_when_it_will_be_again(client):
    today = timezone.localdate()
    page = ResourcePageFactory(reviewed_on=today - timedelta(days=3), next_review=today + timedelta(days=90))
    html = client.get(_page_url(page)).content.decode()
    assert f'<time datetime="{page.reviewed_on.isoformat()}">' in html
    assert f'<time datetime="{page.next_review.isoformat()}">' in html


def test_staff_see_an_overdue_review_flagged(staff_client):
    page = ResourcePageFactory(next_review=timezone.localdate() - timedelta(days=1))
    assert "Review overdue" in staff_client.get(_page_url(page)).content.decode()
    assert "Review overdue" in staff_client.get(LIST).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_nobody_but_staff_sees_an_overdue_review_flagged(client, who):
    page = ResourcePageFactory(next_review=timezone.localdate() - timedelta(days=1))
    if who != "anonymous":
        client.force_login(UserFactory() if who == "member" else ModeratorFactory())
    assert "Review overdue" not in client.get(_page_url(page)).content.decode()
    assert "Review overdue" not in client.get(LIST).content.decode()


def test_staff_see_no_flag_on_a_page_reviewed_in_time(staff_client):
    page = ResourcePageFactory(next_review=timezone.localdate())
    assert "Review overdue" not in staff_client.get(_page_url(page)).content.decode()


# --- Speed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("topic", ["", "sleep"])
def test_the_list_takes_the_same_queries_however_many_pages(client, django_assert_num_queries, topic):
    sleep, burnout = TopicFactory(slug="sleep"), TopicFactory()
    ResourcePageFactory(topics=[sleep, burnout])
    with django_assert_num_queries(3) as few:
        client.get(LIST, {"topic": topic} if topic else {})
    for _ in range(10):
        ResourcePageFactory(topics=[sleep, burnout])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"topic": topic} if topic else {})
    assert len(response.context["listing"].pages) == 11


# --- Links to them -------------------------------------------------------------------------------


def test_every_page_links_to_the_resources_in_its_footer(client):
    assert f'href="{LIST}">Resources</a>' in client.get(reverse("forum:guidelines")).content.decode()


def test_the_crisis_page_links_to_the_resources(client):
    assert f'href="{LIST}"' in client.get(reverse("forum:crisis")).content.decode()
