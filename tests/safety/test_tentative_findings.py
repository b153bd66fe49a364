"""A finding of the learned reader alone, under even odds, is tentative (CrisisScreen.tentative):
moderators check it like any possible crisis, but nothing that others see changes, and its author
sees where help is in gentler words (docs/safety.md, "Two readers")."""

import math

import pytest
from django.core import mail
from django.urls import reverse

from conversations import services as conversation_services
from conversations.models import ConversationReport
from forum import services as forum_services
from forum.models import ContentWarning
from moderation import crisis, risk_model, safety
from moderation import services as moderation_services
from moderation.crisis import CONCERN, URGENT, CrisisMatch, CrisisScreen
from moderation.models import Flag, FlagReason, Priority
from moderation.risk_model import LinearModel
from tests.factories import SettledMemberFactory

THRESHOLD = 0.3  # the model's own threshold in these made-up models


def _logit(probability: float) -> float:
    return math.log(probability / (1 - probability))


def _models(crisis_probability: float, urgent_probability: float = 0.01) -> dict[str, LinearModel]:
    """Models that give every text CRISIS_PROBABILITY (and, among crises, URGENT_PROBABILITY),
    whatever its words."""
    return {
        "crisis": LinearModel(_logit(crisis_probability), {}, THRESHOLD),
        "urgent": LinearModel(_logit(urgent_probability), {}, 0.5),
        "method": LinearModel(_logit(0.01), {}, 0.5),
    }


def _decide(text: str, probability: float, urgent_probability: float = 0.01) -> CrisisScreen:
    prepared = crisis.prepare(text)
    rules = crisis.screen(text, phrases=(), prepared=prepared)
    found, _methods = risk_model.decide(prepared, rules, [], _models(probability, urgent_probability))
    return found


ORDINARY = "Took the long way home along the river and felt a bit more like myself."


def test_under_the_models_threshold_nothing_is_found():
    assert not _decide(ORDINARY, THRESHOLD - 0.05).is_crisis


def test_between_the_models_threshold_and_even_odds_the_finding_is_tentative():
    found = _decide(ORDINARY, 0.4)

    assert found.is_crisis and found.tentative


def test_at_even_odds_the_finding_is_firm():
    found = _decide(ORDINARY, risk_model.FIRM_AT_LEAST)

    assert found.is_crisis and not found.tentative


def test_a_concern_between_two_to_three_and_even_odds_is_still_tentative():
    found = _decide(ORDINARY, 0.45)

    assert (found.severity, found.tentative) == (CONCERN, True)


def test_an_urgent_finding_at_two_to_three_odds_is_firm():
    found = _decide(ORDINARY, risk_model.FIRM_IF_URGENT_AT_LEAST, urgent_probability=0.9)

    assert (found.severity, found.tentative) == (URGENT, False)


def test_an_urgent_finding_under_two_to_three_odds_is_tentative_but_still_urgent():
    found = _decide(ORDINARY, 0.35, urgent_probability=0.9)

    assert (found.severity, found.tentative) == (URGENT, True)


def test_an_urgent_finding_the_rules_made_is_firm_whatever_the_model_thinks():
    found = _decide("I have decided to kill myself tonight", 0.35, urgent_probability=0.9)

    assert (found.severity, found.tentative) == (URGENT, False)


def test_a_finding_the_rules_made_is_never_tentative():
    found = _decide("I want to kill myself", 0.4)

    assert found.is_crisis and not found.tentative


def test_moderators_are_told_the_finding_is_unsure():
    assert "unsure" in _decide(ORDINARY, 0.4).summary()


def test_screen_posts_says_whether_a_finding_is_tentative():
    screen = safety.SafetyScreen(crisis=_decide(ORDINARY, 0.4))

    assert screen.as_json()["tentative"] is True


# --- What a tentative finding does on the site ------------------------------------------------


TENTATIVE = CrisisScreen((CrisisMatch("passive_ideation", CONCERN, ORDINARY, "", "model"),), tentative=True)


def _every_text_screens_as(monkeypatch, found: CrisisScreen) -> None:
    """Replace the decision of the site's one screening entry point: every text is FOUND."""

    def decide(prepared, rules, methods, models=None):
        return found, []

    monkeypatch.setattr(risk_model, "decide", decide)


@pytest.fixture
def tentative(monkeypatch):
    """Every text screens as a tentative concern."""
    _every_text_screens_as(monkeypatch, TENTATIVE)


@pytest.mark.django_db
def test_a_tentative_finding_puts_the_post_in_the_crisis_checks(tentative, member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ORDINARY)

    flag = Flag.objects.get(post=post)
    assert (flag.reason, flag.entry.priority) == ("crisis", Priority.CRISIS)


@pytest.fixture
def tentative_urgent(monkeypatch):
    """Every text screens as a tentative urgent finding."""
    _every_text_screens_as(
        monkeypatch, CrisisScreen((CrisisMatch("intent", URGENT, ORDINARY, "", "model"),), tentative=True)
    )


@pytest.mark.django_db
def test_a_tentative_urgent_finding_sits_at_the_top_of_the_crisis_checks(tentative_urgent, member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ORDINARY)

    assert Flag.objects.get(post=post).entry.priority == Priority.URGENT_CRISIS


@pytest.mark.django_db
def test_a_tentative_urgent_finding_still_emails_the_moderators(
    tentative_urgent, member, thread, moderator, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body=ORDINARY)

    assert [message.to for message in mail.outbox] == [[moderator.email]]


@pytest.mark.django_db
def test_a_tentative_urgent_finding_adds_no_content_warning(tentative_urgent, member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ORDINARY)

    post.refresh_from_db()
    assert post.content_warning != ContentWarning.SUICIDE_SELF_HARM


@pytest.mark.django_db
def test_a_tentative_finding_adds_no_content_warning(tentative, member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ORDINARY)

    post.refresh_from_db()
    assert post.content_warning != ContentWarning.SUICIDE_SELF_HARM


@pytest.mark.django_db
def test_a_tentative_concern_emails_no_moderator(
    tentative, member, thread, moderator, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body=ORDINARY)

    assert mail.outbox == []


@pytest.mark.django_db
def test_a_tentative_finding_does_not_hold_the_draft_before_publishing(
    tentative, client, other_member, thread
):
    client.force_login(other_member)

    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": ORDINARY}, follow=True)

    assert thread.posts.count() == 2
    assert "these services are there whenever you need them" in response.content.decode()


@pytest.mark.django_db
def test_a_tentative_finding_in_a_private_message_shows_it_to_no_moderator(tentative):
    sent = conversation_services.send_message(SettledMemberFactory(), SettledMemberFactory(), ORDINARY)

    assert sent.shows_crisis_support
    assert not ConversationReport.objects.exists()


@pytest.mark.django_db
def test_a_members_crisis_report_after_a_tentative_finding_emails_the_moderators(
    tentative, member, other_member, thread, moderator, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    post = forum_services.reply(thread=thread, author=member, body=ORDINARY)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.flag_post(post, other_member, FlagReason.CRISIS, "Worried about them")

    assert [message.to for message in mail.outbox] == [[moderator.email]]
