"""The weekly check-in: one a week, private to its member, never screened by the safety tools,
and followed by a calm page pointing to support."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin import site
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins import services
from checkins.models import CheckIn, Instrument, InstrumentResponse
from forum import safeguards
from moderation.models import QueueEntry
from tests.factories import ModeratorFactory, OrganisationFactory, ReferralEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 11, 12, tzinfo=UTC)  # a Wednesday; its week starts on Monday 9 November
URL = reverse("checkins:check_in")
ANSWERS = {"work_weight": "4", "sleep": "2", "support": "3", "switch_off": "2"}
CRISIS_WORDS = "I want to kill myself. I can't go on, everyone would be better off without me."


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def answers(**changes):
    return {field: int(value) for field, value in {**ANSWERS, **changes}.items()}


def test_a_check_in_is_saved_for_this_week_and_leads_to_the_support_page(member_client, member):
    response = member_client.post(URL, {**ANSWERS, "note": "A long week on the ward."})
    assert response.url == reverse("checkins:saved")
    saved = CheckIn.objects.get(member=member)
    assert (saved.week.isoformat(), saved.work_weight, saved.note) == (
        "2026-11-09",
        4,
        "A long week on the ward.",
    )


def test_the_page_after_saving_links_to_crisis_resources_and_support(member_client):
    member_client.post(URL, ANSWERS)
    page = member_client.get(reverse("checkins:saved")).content.decode()
    assert f'href="{reverse("forum:crisis")}"' in page
    assert f'href="{reverse("forum:new_thread")}"' in page
    assert "Heavy" in page  # the answers given back in words


def test_the_page_after_saving_shows_the_referral_directory_and_resources(member_client):
    ReferralEntryFactory(name="Staff counselling line")
    ReferralEntryFactory(name="Another trust's service", organisation=OrganisationFactory())
    member_client.post(URL, ANSWERS)
    page = member_client.get(reverse("checkins:saved")).content.decode()
    assert "Staff counselling line" in page
    assert "Another trust's service" not in page  # never another organisation's
    assert f'href="{reverse("resources:list")}"' in page


def test_the_week_follows_the_members_time_zone(member):
    member.time_zone = "Pacific/Auckland"  # already Thursday there at noon UTC on Wednesday...
    member.save()
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):  # Monday 01:00 there
        check_in, _ = services.record_check_in(member, answers=answers())
    assert check_in.week.isoformat() == "2026-11-16"


def test_a_second_check_in_the_same_week_updates_that_weeks_answers(member_client, member):
    member_client.post(URL, {**ANSWERS, "note": "first"})
    member_client.post(URL, {**ANSWERS, "sleep": "4", "note": "changed my mind"})
    saved = CheckIn.objects.get(member=member)
    assert (saved.sleep, saved.note) == (4, "changed my mind")


def test_the_form_says_when_this_week_is_already_done_and_shows_its_answers(member_client):
    member_client.post(URL, {**ANSWERS, "note": "first"})
    page = member_client.get(URL).content.decode()
    assert "You have already checked in this week" in page
    assert 'value="4" required id="id_work_weight_3" checked' in page


def test_a_check_in_the_next_week_is_a_new_one(member):
    services.record_check_in(member, answers=answers())
    with time_machine.travel(NOW + timedelta(weeks=1), tick=False):
        services.record_check_in(member, answers=answers(sleep=5))
    assert CheckIn.objects.filter(member=member).count() == 2


def test_an_unanswered_question_gets_a_form_error_and_keeps_the_note(member_client, member):
    response = member_client.post(URL, {"work_weight": "4", "note": "keep this"})
    assert response.status_code == 200
    assert "Please choose an answer, whichever feels closest." in response.content.decode()
    assert "keep this" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "x", "-1", "99999999999999999999"])
def test_an_answer_off_the_scale_gets_a_form_error(member_client, value):
    response = member_client.post(URL, {**ANSWERS, "sleep": value})
    assert response.status_code == 200
    assert not CheckIn.objects.exists()


def test_a_note_over_the_limit_gets_a_form_error(member_client):
    response = member_client.post(URL, {**ANSWERS, "note": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_service_refuses_answers_off_the_scale(member):
    with pytest.raises(services.CheckInError):
        services.record_check_in(member, answers=answers(sleep=9))


def test_a_note_is_shown_as_plain_text(member_client):
    member_client.post(URL, {**ANSWERS, "note": "<script>alert(1)</script> **bold**"})
    page = member_client.get(reverse("checkins:history")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page
    assert "<script>alert(1)" not in page


# --- Nobody else, and never the detectors ------------------------------------------------------


def test_a_note_full_of_crisis_wording_raises_no_queue_item_and_is_never_screened(
    member_client, member, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("a check-in was passed to the safety detectors")

    for hook in ("review_post", "screen_draft", "find_identifying_details"):
        monkeypatch.setattr(safeguards, hook, never)
    response = member_client.post(URL, {**ANSWERS, "note": CRISIS_WORDS})
    assert response.status_code == 302
    assert CheckIn.objects.get(member=member).note == CRISIS_WORDS
    assert not QueueEntry.objects.exists()


@pytest.mark.parametrize("name", ["check_in", "saved", "history"])
def test_another_member_and_a_moderator_never_see_a_members_check_in(member, name):
    services.record_check_in(member, answers=answers(), note="my private words")
    for viewer in (UserFactory(), ModeratorFactory()):
        client = Client()
        client.force_login(viewer)
        response = client.get(reverse(f"checkins:{name}"), follow=True)
        assert "my private words" not in response.content.decode()


def test_the_member_activity_page_of_someone_else_does_not_exist(member):
    """No URL takes a member: the activity page and check-in pages are always the viewer's own."""
    services.record_check_in(member, answers=answers(), note="my private words")
    client = Client()
    client.force_login(UserFactory())
    assert "my private words" not in client.get(reverse("accounts:activity")).content.decode()
    assert "Heavy" not in client.get(reverse("accounts:activity")).content.decode()


def test_check_ins_and_instrument_answers_are_not_in_the_admin():
    assert not any(model in site._registry for model in (CheckIn, InstrumentResponse, Instrument))


def test_a_check_in_describes_itself_without_its_answers(member):
    check_in, _ = services.record_check_in(member, answers=answers(), note="my private words")
    assert "my private words" not in str(check_in) and "4" not in str(check_in)


# --- History and the trend ---------------------------------------------------------------------


def test_the_history_lists_check_ins_newest_first(member_client, member):
    with time_machine.travel(NOW - timedelta(weeks=1), tick=False):
        services.record_check_in(member, answers=answers(), note="last week")
    services.record_check_in(member, answers=answers(), note="this week")
    page = member_client.get(reverse("checkins:history")).content.decode()
    assert page.index("this week") < page.index("last week")


def test_the_history_page_needs_the_same_queries_however_many_check_ins(member_client, member):
    def check_in_weeks_ago(weeks):
        with time_machine.travel(NOW - timedelta(weeks=weeks), tick=False):
            services.record_check_in(member, answers=answers(), note=f"week {weeks}")

    check_in_weeks_ago(0)
    member_client.get(reverse("checkins:history"))  # sessions, consent and caches settle
    with CaptureQueriesContext(connection) as one:
        member_client.get(reverse("checkins:history"))
    for weeks in range(1, 8):
        check_in_weeks_ago(weeks)
    with CaptureQueriesContext(connection) as eight:
        page = member_client.get(reverse("checkins:history")).content.decode()
    assert "week 7" in page
    assert len(eight) == len(one)


def test_two_check_ins_draw_a_line_on_the_activity_page(member_client, member):
    with time_machine.travel(NOW - timedelta(weeks=1), tick=False):
        services.record_check_in(member, answers=answers(sleep=2))
    services.record_check_in(member, answers=answers(sleep=4))
    page = member_client.get(reverse("accounts:activity")).content.decode()
    assert page.count('class="chart-line') == 4  # one line per question
    assert "Sleep, week by week" in page
    assert "Poorly at first, Well most recently" in page  # the chart's description


def test_one_check_in_draws_points_and_says_a_second_draws_a_line(member_client, member):
    services.record_check_in(member, answers=answers())
    page = member_client.get(reverse("accounts:activity")).content.decode()
    assert 'class="chart-line' not in page and 'class="chart-point' in page
    assert "One more check-in, next week, draws a line." in page


def test_without_check_ins_the_activity_page_invites_one(member_client):
    page = member_client.get(reverse("accounts:activity")).content.decode()
    assert f'href="{URL}"' in page and "chart-point" not in page


def test_the_account_menu_links_to_the_check_in_and_says_who_sees_it(member_client):
    page = member_client.get(reverse("accounts:preferences")).content.decode()
    assert f'href="{URL}"' in page and "only you can see it" in page
