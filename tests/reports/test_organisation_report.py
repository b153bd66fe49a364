"""An organisation's anonymous report: counts about its circles, each suppressed when it rests on
fewer than ten members, and nothing that names a person, a post or a time."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from checkins import services as checkin_services
from forum import services
from forum.models import Post, Thread
from moderation.models import CrisisOutcome, Priority, QueueEntry
from reports import selectors
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    OrganisationFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
)

pytestmark = pytest.mark.django_db

MONTH = date(2026, 10, 1)
IN_MONTH = datetime(2026, 10, 14, 12, 0, tzinfo=UTC)
CANARY = "reportcanaryzq"


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Riverside Trust", slug="riverside")


@pytest.fixture
def circle(organisation):
    return CircleFactory(organisation=organisation, name="Ward staff")


@pytest.fixture
def category(circle):
    return CategoryFactory(name="Ward talk", circle=circle)


@pytest.fixture
def admin(organisation):
    person = UserFactory(display_name="Org admin")
    add_to_organisation(organisation, person, role="admin")
    return person


def members(circle, count):
    people = [UserFactory() for _ in range(count)]
    for person in people:
        add_to_circle(circle, person)
    return people


def thread_by(author, category, when=IN_MONTH, body=f"Opening {CANARY}"):
    thread = services.create_thread(author=author, category=category, title="A circle thread", body=body)
    Thread.objects.filter(pk=thread.pk).update(created_at=when)
    Post.objects.filter(thread=thread).update(created_at=when)
    return thread


def reply_by(author, thread, when):
    post = services.reply(thread=thread, author=author, body=f"A reply {CANARY}")
    Post.objects.filter(pk=post.pk).update(created_at=when)
    return post


def figure(report, name):
    return next(each for each in report.figures if each.name == name)


# --- Suppression -------------------------------------------------------------------------------


def test_a_figure_resting_on_ten_members_is_shown():
    assert selectors.Figure("Threads started", 12, members=10).shown


def test_a_figure_resting_on_nine_members_is_suppressed():
    suppressed = selectors.Figure("Threads started", 12, members=9)
    assert not suppressed.shown
    assert suppressed.text == "fewer than 10 members"


def test_a_breakdown_with_one_suppressed_part_suppresses_the_next_smallest_too():
    parts = selectors.protect_breakdown(
        [
            selectors.Figure("Reached out", 30, members=30),
            selectors.Figure("Shared resources", 12, members=12),
            selectors.Figure("Escalated", 2, members=2),
        ]
    )
    assert [part.shown for part in parts] == [True, False, False]


def test_a_breakdown_with_nothing_suppressed_is_left_alone():
    parts = [selectors.Figure("A", 30, members=30), selectors.Figure("B", 12, members=12)]
    assert selectors.protect_breakdown(parts) == parts


# --- Figures -----------------------------------------------------------------------------------


def test_threads_started_by_ten_members_are_counted(organisation, circle, category):
    for person in members(circle, 10):
        thread_by(person, category)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Threads started").text == "10"


def test_threads_started_by_nine_members_are_suppressed(organisation, circle, category):
    people = members(circle, 9)
    for person in people:
        thread_by(person, category)
    thread_by(people[0], category)  # ten threads, still nine people
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert not figure(report, "Threads started").shown


def test_threads_outside_the_month_are_not_counted(organisation, circle, category):
    for person in members(circle, 10):
        thread_by(person, category, when=IN_MONTH + timedelta(days=40))
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Threads started").value == 0


def test_threads_in_another_organisations_circle_are_not_counted(organisation, circle):
    other_circle = CircleFactory(organisation=OrganisationFactory())
    other_category = CategoryFactory(circle=other_circle)
    for person in members(other_circle, 10):
        thread_by(person, other_category)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Threads started").value == 0


def test_threads_in_global_categories_are_not_counted(organisation, circle):
    everyone = CategoryFactory()
    for person in members(circle, 10):
        thread_by(person, everyone)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Threads started").value == 0


def test_replies_and_active_members_are_counted(organisation, circle, category):
    people = members(circle, 11)
    thread = thread_by(people[0], category)
    for person in people[1:]:
        reply_by(person, thread, IN_MONTH + timedelta(hours=1))
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Replies").text == "10"
    assert figure(report, "Members who posted").text == "11"


def test_circle_members_are_counted_once_across_circles(organisation, circle):
    second = CircleFactory(organisation=organisation)
    for person in members(circle, 10):
        add_to_circle(second, person)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Circle members").text == "10"


def test_median_time_to_a_first_reply(organisation, circle, category):
    authors, repliers = members(circle, 10), members(circle, 1)
    for hours, author in enumerate(authors, start=1):
        thread = thread_by(author, category)
        reply_by(repliers[0], thread, IN_MONTH + timedelta(hours=hours))
        reply_by(repliers[0], thread, IN_MONTH + timedelta(hours=hours + 50))  # not the first
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Median time to a first reply").text == "5.5 h"


def test_median_time_to_a_first_reply_is_suppressed_under_ten_thread_authors(organisation, circle, category):
    authors, repliers = members(circle, 9), members(circle, 5)
    for author in authors:
        thread = thread_by(author, category)
        for replier in repliers:
            reply_by(replier, thread, IN_MONTH + timedelta(hours=2))
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert not figure(report, "Median time to a first reply").shown


def crisis_item(post, outcome=""):
    resolved = IN_MONTH + timedelta(hours=3) if outcome else None
    return QueueEntry.objects.create(
        kind=QueueEntry.Kind.POST,
        post=post,
        priority=Priority.CRISIS,
        created_at=IN_MONTH,
        resolved_at=resolved,
        resolution="crisis closed" if outcome else "",
        crisis_outcome=outcome,
    )


def test_crisis_items_opened_and_closed_with_outcomes(organisation, circle, category):
    for number, person in enumerate(members(circle, 12)):
        thread = thread_by(person, category)
        outcome = CrisisOutcome.REACHED_OUT if number < 10 else ""
        crisis_item(thread.opening_post, outcome)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Possible crises opened").text == "12"
    assert figure(report, "Possible crises closed").text == "10"
    reached = next(part for part in report.outcomes if part.name == CrisisOutcome.REACHED_OUT.label)
    assert reached.text == "10"


def test_crisis_items_about_nine_members_are_suppressed(organisation, circle, category):
    for person in members(circle, 9):
        crisis_item(thread_by(person, category).opening_post)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert not figure(report, "Possible crises opened").shown


def test_the_monthly_chart_suppresses_months_under_ten_members(organisation, circle, category):
    people = members(circle, 10)
    for person in people:
        thread_by(person, category)
    thread_by(people[0], category, when=IN_MONTH - timedelta(days=31))  # September: one member
    months = [date(2026, 9, 1), MONTH]
    posts = selectors.posts_per_month(organisation, months, UTC)
    assert [each.value if each.shown else None for each in posts] == [None, 10]


# --- Pages -------------------------------------------------------------------------------------


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def this_month():
    return datetime.now(UTC).strftime("%Y-%m")


def report_url(organisation, **query):
    url = reverse("reports:organisation", args=[organisation.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_organisations_admin_opens_the_report(organisation, admin):
    response = client_for(admin).get(report_url(organisation))
    assert response.status_code == 200
    assert "Riverside Trust" in response.content.decode()


def test_a_circle_member_who_is_not_an_admin_gets_not_found(organisation, circle):
    member = members(circle, 1)[0]
    assert client_for(member).get(report_url(organisation)).status_code == 404


def test_an_admin_of_another_organisation_gets_not_found(organisation):
    stranger = UserFactory()
    add_to_organisation(OrganisationFactory(), stranger, role="admin")
    assert client_for(stranger).get(report_url(organisation)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(organisation):
    response = Client().get(report_url(organisation))
    assert response.status_code == 302


def test_a_month_that_is_not_offered_gets_a_clear_400(organisation, admin):
    response = client_for(admin).get(report_url(organisation, month="1999-13"))
    assert response.status_code == 400
    assert "Choose a month" in response.content.decode()


def test_the_report_never_shows_names_or_post_text(organisation, admin, circle, category):
    people = members(circle, 10)
    for person in people:
        thread_by(person, category, when=datetime.now(UTC))
        check_in_by(person, when=datetime.now(UTC))  # its note carries the canary too
    page = client_for(admin).get(report_url(organisation, month=this_month())).content.decode()
    export = (
        client_for(admin).get(report_url(organisation, month=this_month(), format="csv")).content.decode()
    )
    assert "Threads started,10" in export  # the figures are there, only the people are not
    assert "Check-ins completed,10" in export
    for text in (page, export):
        assert CANARY not in text
        assert not any(person.display_name in text for person in people)


def test_the_csv_export_carries_every_figure_and_marks_suppressed_ones(organisation, admin, circle, category):
    for person in members(circle, 3):
        thread_by(person, category, when=datetime.now(UTC))
    response = client_for(admin).get(report_url(organisation, month=this_month(), format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["Threads started"] == "suppressed: fewer than 10 members"
    assert rows["Circle members"] == "suppressed: fewer than 10 members"


def test_the_report_page_keeps_its_queries_flat(
    organisation, admin, circle, category, django_assert_max_num_queries
):
    for person in members(circle, 12):
        thread_by(person, category, when=datetime.now(UTC))
    client = client_for(admin)
    with django_assert_max_num_queries(20):
        response = client.get(report_url(organisation, month=this_month()))
    assert '<th scope="row">Threads started</th><td>12</td>' in response.content.decode()


def test_the_circles_page_links_an_admin_to_the_report(organisation, admin):
    page = client_for(admin).get(reverse("circles:index")).content.decode()
    assert report_url(organisation) in page


def test_the_circles_page_shows_no_report_link_to_members(organisation, circle):
    member = members(circle, 1)[0]
    page = client_for(member).get(reverse("circles:index")).content.decode()
    assert report_url(organisation) not in page


# --- Check-ins (checkins) ----------------------------------------------------------------------


def check_in_by(person, when=IN_MONTH):
    with time_machine.travel(when, tick=False):
        checkin_services.record_check_in(
            person, answers={"work_weight": 3, "sleep": 3, "support": 3, "switch_off": 3}, note=CANARY
        )


def test_check_ins_completed_by_ten_members_are_counted(organisation, circle):
    for person in members(circle, 10):
        check_in_by(person)
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Check-ins completed").text == "10"


def test_check_ins_completed_by_nine_members_are_suppressed(organisation, circle):
    people = members(circle, 9)
    for person in people:
        check_in_by(person)
    check_in_by(people[0], IN_MONTH + timedelta(weeks=1))  # ten check-ins, still nine people
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Check-ins completed").value == 10
    assert not figure(report, "Check-ins completed").shown


def test_check_ins_by_people_outside_the_organisation_or_month_are_not_counted(organisation, circle):
    for person in members(CircleFactory(organisation=OrganisationFactory()), 10):
        check_in_by(person)
    for person in members(circle, 10):
        check_in_by(person, IN_MONTH + timedelta(days=40))
    report = selectors.organisation_report(organisation, MONTH, UTC)
    assert figure(report, "Check-ins completed").value == 0
