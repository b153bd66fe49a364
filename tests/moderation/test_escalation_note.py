"""Closing a possible crisis as "escalated", a moderator can send the member a private note pointing
to a referral entry: delivered as a notification only they see, recorded in the one audit entry of
the close, and for an anonymous post sent to its author without anyone learning who they are."""

import pytest
from django.urls import reverse

from forum import services as forum_services
from forum.models import Notification
from moderation import services
from moderation.models import CrisisOutcome, ModerationAction, QueueEntry
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    OrganisationFactory,
    ReferralEntryFactory,
    SettledMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SECRET_NAME = "Quillon Vesper"


@pytest.fixture
def writer():
    return UserFactory(display_name=SECRET_NAME)


@pytest.fixture
def crisis_entry(thread, writer):
    post = forum_services.reply(thread=thread, author=writer, body="I want to die")
    return QueueEntry.objects.get(post=post)


@pytest.fixture
def anonymous_crisis_entry(thread, writer):
    post = forum_services.reply(thread=thread, author=writer, body="I want to die", anonymous=True)
    return QueueEntry.objects.get(post=post)


@pytest.fixture
def eap():
    return ReferralEntryFactory(name="Calm Waters EAP", phone="0800 123 456")


def _close(client, entry, **data):
    return client.post(
        reverse("moderation:close_crisis", args=[entry.pk]),
        {"outcome": "escalated", "outcome_note": "To the on-call lead", **data},
    )


def _notes(member):
    return list(Notification.objects.filter(recipient=member, message__contains="Calm Waters EAP"))


def test_the_member_gets_a_private_note_pointing_to_the_entry(moderator_client, crisis_entry, writer, eap):
    _close(moderator_client, crisis_entry, referral=eap.pk, referral_message="Thinking of you today.")
    [note] = _notes(writer)
    assert note.kind == Notification.Kind.MODERATION
    assert "Calm Waters EAP may be able to help. Call 0800 123 456." in note.message
    assert note.message.endswith("Thinking of you today.")
    assert note.url == f"{reverse('forum:crisis')}#referral-{eap.pk}"


def test_the_audit_log_page_shows_which_entry_was_sent(moderator_client, crisis_entry, eap):
    _close(moderator_client, crisis_entry, referral=eap.pk)
    assert (
        "referral_sent: Calm Waters EAP"
        in moderator_client.get(reverse("moderation:audit_log")).content.decode()
    )


def test_nobody_else_is_sent_the_note(moderator_client, crisis_entry, eap):
    _close(moderator_client, crisis_entry, referral=eap.pk)
    assert Notification.objects.filter(message__contains="Calm Waters EAP").count() == 1


def test_the_one_audit_entry_of_the_close_records_which_entry_was_sent(moderator_client, crisis_entry, eap):
    _close(moderator_client, crisis_entry, referral=eap.pk)
    [action] = ModerationAction.objects.filter(entry=crisis_entry)
    assert action.kind == ModerationAction.Kind.CLOSE_CRISIS
    assert (action.after["referral_sent"], action.after["referral_id"]) == ("Calm Waters EAP", eap.pk)
    assert action.after["crisis_outcome"] == "escalated"


def test_without_a_chosen_entry_no_note_is_sent(moderator_client, crisis_entry, writer, eap):
    _close(moderator_client, crisis_entry)
    assert _notes(writer) == []
    assert "referral_sent" not in ModerationAction.objects.get(entry=crisis_entry).after


def test_a_note_goes_only_with_the_outcome_escalated(moderator_client, crisis_entry, writer, eap):
    response = _close(moderator_client, crisis_entry, outcome="shared_resources", referral=eap.pk)
    assert response.status_code == 302
    crisis_entry.refresh_from_db()
    assert crisis_entry.is_open
    assert _notes(writer) == []


def test_the_service_refuses_a_note_with_another_outcome(moderator, crisis_entry, eap):
    with pytest.raises(services.ModerationError):
        services.close_crisis_entry(crisis_entry, moderator, CrisisOutcome.REACHED_OUT, referral=eap)
    crisis_entry.refresh_from_db()
    assert crisis_entry.is_open


def test_an_anonymous_author_gets_the_note(moderator_client, anonymous_crisis_entry, writer, eap):
    _close(moderator_client, anonymous_crisis_entry, referral=eap.pk)
    assert len(_notes(writer)) == 1


def test_the_note_to_an_anonymous_author_never_names_them(
    moderator_client, moderator, anonymous_crisis_entry, writer, eap
):
    entry_page = moderator_client.get(reverse("moderation:entry", args=[anonymous_crisis_entry.pk]))
    assert SECRET_NAME not in entry_page.content.decode()
    response = _close(moderator_client, anonymous_crisis_entry, referral=eap.pk)
    action = ModerationAction.objects.get(entry=anonymous_crisis_entry)
    assert action.member is None
    assert SECRET_NAME not in str(action.after) + action.reason
    assert SECRET_NAME not in moderator_client.get(response.url).content.decode()
    log = moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert SECRET_NAME not in log


def test_the_choices_are_the_deployments_and_the_post_circles_organisations(moderator_client, moderator, eap):
    circle = CircleFactory()
    ours = ReferralEntryFactory(name="The trust's occupational health", organisation=circle.organisation)
    theirs = ReferralEntryFactory(name="Another trust's EAP", organisation=OrganisationFactory())
    from tests.factories import add_to_circle, make_thread

    author = UserFactory()
    add_to_circle(circle, author)
    add_to_circle(circle, moderator, role="moderator")
    thread = make_thread(author=author, category=CategoryFactory(circle=circle))
    post = forum_services.reply(thread=thread, author=author, body="I want to die")
    entry = QueueEntry.objects.get(post=post)
    form = moderator_client.get(reverse("moderation:entry", args=[entry.pk])).context["close_form"]
    assert set(form.fields["referral"].queryset) == {eap, ours}
    assert theirs not in form.fields["referral"].queryset


def test_a_site_posts_choices_are_the_deployments_only(moderator_client, crisis_entry, eap):
    ReferralEntryFactory(name="A trust's EAP", organisation=CircleFactory().organisation)
    form = moderator_client.get(reverse("moderation:entry", args=[crisis_entry.pk])).context["close_form"]
    assert list(form.fields["referral"].queryset) == [eap]


def test_another_organisations_entry_is_refused_and_nothing_is_done(moderator_client, crisis_entry, writer):
    theirs = ReferralEntryFactory(name="Calm Waters EAP", organisation=OrganisationFactory())
    response = _close(moderator_client, crisis_entry, referral=theirs.pk)
    assert response.status_code == 302
    crisis_entry.refresh_from_db()
    assert crisis_entry.is_open
    assert _notes(writer) == []


@pytest.mark.parametrize("bad", ["999999999", "not-a-number", "-1", "1e9", "99999999999999999999999"])
def test_a_bad_referral_id_is_a_form_error_not_a_500(moderator_client, crisis_entry, bad):
    response = _close(moderator_client, crisis_entry, referral=bad)
    assert response.status_code == 302
    crisis_entry.refresh_from_db()
    assert crisis_entry.is_open


def test_a_note_that_cannot_reach_a_deleted_author_closes_nothing(moderator, thread, eap):
    post = forum_services.reply(thread=thread, author=UserFactory(), body="I want to die")
    entry = QueueEntry.objects.get(post=post)
    type(post).objects.filter(pk=post.pk).update(author=None)
    with pytest.raises(services.ModerationError):
        services.close_crisis_entry(entry, moderator, CrisisOutcome.ESCALATED, "To the lead", referral=eap)
    entry.refresh_from_db()
    assert entry.is_open
    assert not ModerationAction.objects.filter(entry=entry).exists()


def test_the_moderators_own_words_are_kept_short(moderator, crisis_entry, writer, eap):
    services.close_crisis_entry(
        crisis_entry,
        moderator,
        CrisisOutcome.ESCALATED,
        "To the lead",
        referral=eap,
        referral_message="x" * 900,
    )
    [note] = _notes(writer)
    assert len(note.message) <= 500
    assert note.message.endswith("x" * services.REFERRAL_MESSAGE_LENGTH)


def test_the_email_about_the_note_keeps_its_words_in_the_site(
    moderator_client, crisis_entry, writer, eap, mailoutbox
):
    from forum.notifications import deliver_due_emails

    _close(moderator_client, crisis_entry, referral=eap.pk, referral_message="Thinking of you today.")
    mailoutbox.clear()
    writer.refresh_from_db()
    assert deliver_due_emails(writer) >= 1
    [email] = [message for message in mailoutbox if writer.email in message.to]
    assert "The moderators sent you a private note" in email.subject + email.body
    assert "Calm Waters EAP" not in email.subject + email.body
    assert "Thinking of you today" not in email.subject + email.body


# --- A possible crisis in a private message ------------------------------------------------------

MESSAGE_CRISIS = "I want to die. I have the pills ready and I plan to take them all tonight."


@pytest.fixture
def message_writer():
    return SettledMemberFactory(display_name="Quiet Harbour")


@pytest.fixture
def message_report(message_writer):
    from conversations import services as conversation_services
    from conversations.models import ConversationReport

    conversation_services.send_message(
        message_writer, SettledMemberFactory(display_name="Orla"), MESSAGE_CRISIS
    )
    return ConversationReport.objects.get(kind=ConversationReport.Kind.CRISIS)


def _close_report(client, report, **data):
    return client.post(
        reverse("moderation:conversation_report", args=[report.pk]),
        {"outcome": "escalated", "outcome_note": "To the on-call lead", **data},
    )


def test_a_crisis_in_a_message_escalated_sends_its_writer_the_note(
    moderator_client, message_report, message_writer, eap
):
    _close_report(moderator_client, message_report, referral=eap.pk, referral_message="We're here.")
    [note] = _notes(message_writer)
    assert note.message.endswith("We're here.")
    message_report.refresh_from_db()
    assert not message_report.is_open


def test_the_other_person_in_the_conversation_is_not_sent_the_note(moderator_client, message_report, eap):
    _close_report(moderator_client, message_report, referral=eap.pk)
    assert Notification.objects.filter(message__contains="Calm Waters EAP").count() == 1


def test_the_one_audit_entry_of_closing_a_message_report_records_the_note(
    moderator_client, message_report, eap
):
    _close_report(moderator_client, message_report, referral=eap.pk)
    [action] = ModerationAction.objects.filter(kind=ModerationAction.Kind.CLOSE_CONVERSATION_REPORT)
    assert (action.after["referral_sent"], action.after["referral_id"]) == ("Calm Waters EAP", eap.pk)


def test_a_message_note_goes_only_with_the_outcome_escalated(
    moderator_client, message_report, message_writer, eap
):
    _close_report(moderator_client, message_report, outcome="reached_out", referral=eap.pk)
    message_report.refresh_from_db()
    assert message_report.is_open
    assert _notes(message_writer) == []


def test_a_message_reports_choices_are_the_deployments_only(moderator_client, message_report, eap):
    ReferralEntryFactory(name="A trust's EAP", organisation=CircleFactory().organisation)
    page = moderator_client.get(reverse("moderation:conversation_report", args=[message_report.pk]))
    assert list(page.context["form"].fields["referral"].queryset) == [eap]


def test_an_organisations_entry_is_refused_for_a_message_and_nothing_is_done(
    moderator_client, message_report, message_writer
):
    theirs = ReferralEntryFactory(name="Calm Waters EAP", organisation=OrganisationFactory())
    response = _close_report(moderator_client, message_report, referral=theirs.pk)
    assert response.status_code == 200  # the form again, with its error
    assert "Choose one of the listed services." in response.content.decode()
    message_report.refresh_from_db()
    assert message_report.is_open
    assert _notes(message_writer) == []


def test_a_members_report_about_a_conversation_offers_no_note(moderator_client, message_writer, eap):
    from conversations import services as conversation_services

    other = SettledMemberFactory()
    sent = conversation_services.send_message(other, message_writer, "Hello")
    report = conversation_services.report_conversation(sent.message.conversation, message_writer, "")
    page = moderator_client.get(reverse("moderation:conversation_report", args=[report.pk]))
    assert "referral" not in page.context["form"].fields
    assert "Calm Waters EAP" not in page.content.decode()


def test_a_note_cannot_reach_a_message_writer_whose_account_is_gone(
    moderator, message_report, message_writer, eap
):
    type(message_writer).objects.filter(pk=message_writer.pk).update(is_deleted_account=True)
    message_report.about.refresh_from_db()
    with pytest.raises(services.ModerationError):
        services.close_conversation_report(
            message_report, moderator, CrisisOutcome.ESCALATED, "To the lead", referral=eap
        )
    message_report.refresh_from_db()
    assert message_report.is_open
