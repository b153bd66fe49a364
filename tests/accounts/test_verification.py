"""Verified professionals: applying, the moderator's decision, the evidence deleted after it, and
the "Verified: ROLE" badge (never on anonymous posts)."""

import html
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from accounts import services
from accounts.models import VerificationApplication
from forum import member_services
from forum import services as forum_services
from forum.models import Notification
from moderation import services as moderation_services
from moderation.models import ModerationAction
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
NUMBER = "12A3456E"
BODY = "Nursing and Midwifery Council"
NOTICE = "your number and document are deleted once a moderator decides; we keep only the decision, role, date and reviewer"


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.HAVEN_PRIVATE_UPLOADS_DIR = tmp_path / "private"
    return settings.HAVEN_PRIVATE_UPLOADS_DIR


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def _apply(member, document=PDF, name="my licence.pdf"):
    return services.apply_for_verification(
        member,
        role="nurse",
        licence_number=NUMBER,
        issuing_body=BODY,
        document=SimpleUploadedFile(name, document) if document is not None else None,
    )


def _form(document=PDF, name="registration.pdf", **overrides):
    data = {"role": "nurse", "licence_number": NUMBER, "issuing_body": BODY, **overrides}
    if document is not None:
        data["document"] = SimpleUploadedFile(name, document, content_type="application/pdf")
    return data


def _stored_files(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []


# --- Applying ---------------------------------------------------------------------------------------


def test_the_page_says_the_evidence_is_deleted_before_anything_is_uploaded(member_client):
    page = member_client.get(reverse("accounts:verification")).content.decode()
    assert NOTICE in page.replace("<strong>", "").replace("</strong>", "").lower()
    assert page.index("deleted once a moderator decides") < page.index('type="file"')


def test_the_account_menu_links_to_verification(member_client):
    page = member_client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("accounts:verification") in page


def test_member_can_apply_with_a_number_and_a_document(member_client, member, private_uploads):
    response = member_client.post(reverse("accounts:verification"), _form())
    assert response.status_code == 302
    application = VerificationApplication.objects.get(member=member)
    assert application.is_pending
    assert (application.role, application.licence_number, application.issuing_body) == ("nurse", NUMBER, BODY)
    assert (private_uploads / application.document.name).read_bytes() == PDF


def test_member_can_apply_without_a_document(member_client, member):
    member_client.post(reverse("accounts:verification"), _form(document=None))
    assert not VerificationApplication.objects.get(member=member).document


def test_the_document_is_stored_privately_under_a_random_name(member, private_uploads):
    application = _apply(member, name="Jane Smith NMC card.pdf")
    stored = Path(application.document.path)
    assert stored.is_relative_to(private_uploads)
    assert "Jane" not in stored.name and stored.suffix == ".pdf"
    for public in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.BASE_DIR / "templates"):
        assert not stored.is_relative_to(public)
    assert stored.stat().st_mode & 0o077 == 0  # readable by the server's user only
    with pytest.raises(ValueError, match="no public URL"):
        application.document.url  # noqa: B018


def test_a_document_is_checked_by_its_content_not_its_name(member_client, member, private_uploads):
    response = member_client.post(
        reverse("accounts:verification"), _form(document=b"<html><script>alert(1)</script>", name="card.pdf")
    )
    assert response.status_code == 200
    assert "Please upload a PDF, PNG or JPEG file." in response.content.decode()
    assert not VerificationApplication.objects.exists()
    assert _stored_files(private_uploads) == []


def test_a_png_is_stored_as_a_png_whatever_its_name(member):
    application = _apply(member, document=PNG, name="scan.pdf")
    assert application.document.name.endswith(".png")


def test_a_document_over_the_size_limit_is_refused(member_client, settings, private_uploads):
    settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES = 1024
    response = member_client.post(reverse("accounts:verification"), _form(document=PDF + b"0" * 2000))
    assert response.status_code == 200
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert not VerificationApplication.objects.exists()
    assert _stored_files(private_uploads) == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"role": "astronaut"},
            "role",
            "Select a valid choice. astronaut is not one of the available choices.",
        ),
        ({"licence_number": ""}, "licence_number", "This field is required."),
        ({"issuing_body": "   "}, "issuing_body", "This field is required."),
        (
            {"licence_number": "x" * 81},
            "licence_number",
            "Ensure this value has at most 80 characters (it has 81).",
        ),
    ],
)
def test_bad_applications_are_form_errors(member_client, overrides, field, message):
    response = member_client.post(reverse("accounts:verification"), _form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in html.unescape(response.content.decode())  # shown beside the field
    assert not VerificationApplication.objects.exists()


def test_a_member_has_one_application_waiting_at_a_time(member_client, member):
    _apply(member)
    response = member_client.post(reverse("accounts:verification"), _form(), follow=True)
    assert "already have an application waiting" in response.content.decode()
    assert VerificationApplication.objects.filter(member=member).count() == 1


def test_the_database_refuses_a_second_waiting_application(member):
    _apply(member, document=None)
    with pytest.raises(IntegrityError):
        VerificationApplication.objects.create(
            member=member, role="nurse", licence_number="2", issuing_body="x"
        )


def test_member_can_withdraw_and_the_evidence_goes_with_it(
    member_client, member, private_uploads, django_capture_on_commit_callbacks
):
    _apply(member)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("accounts:withdraw_verification"))
    assert not VerificationApplication.objects.filter(member=member).exists()
    assert _stored_files(private_uploads) == []


def test_withdrawing_with_nothing_waiting_changes_nothing(member_client, member):
    response = member_client.post(reverse("accounts:withdraw_verification"), follow=True)
    assert response.status_code == 200
    assert "no application waiting" in response.content.decode()


# --- Moderators' pages ------------------------------------------------------------------------------


def test_moderators_see_waiting_applications_linked_from_the_queue(moderator_client, member):
    application = _apply(member)
    queue = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:verifications") in queue
    listing = moderator_client.get(reverse("moderation:verifications")).content.decode()
    assert reverse("moderation:verification", args=[application.pk]) in listing


@pytest.mark.parametrize("applications", [1, 15])
def test_the_applications_list_runs_a_bounded_number_of_queries(
    moderator_client, moderator, django_assert_max_num_queries, applications
):
    for n in range(applications):
        application = _apply(UserFactory(), document=None)
        if n % 2:
            moderation_services.decide_verification(application, moderator, approve=True, reason="ok")
    with django_assert_max_num_queries(9):
        response = moderator_client.get(reverse("moderation:verifications"))
    assert response.status_code == 200


def test_the_review_page_shows_the_evidence_while_pending(moderator_client, member):
    application = _apply(member)
    page = moderator_client.get(reverse("moderation:verification", args=[application.pk])).content.decode()
    assert NUMBER in page and BODY in page
    assert reverse("moderation:verification_document", args=[application.pk]) in page


def test_moderators_download_the_document_as_an_attachment_never_inline(moderator_client, member):
    application = _apply(member)
    response = moderator_client.get(reverse("moderation:verification_document", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="verification-{application.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_an_application_without_a_document_has_nothing_to_download(moderator_client, member):
    application = _apply(member, document=None)
    response = moderator_client.get(reverse("moderation:verification_document", args=[application.pk]))
    assert response.status_code == 404


# --- Deciding -------------------------------------------------------------------------------------


def _decide(client, application, decision="approve", reason="On the NMC register"):
    return client.post(
        reverse("moderation:decide_verification", args=[application.pk]),
        {"decision": decision, "reason": reason},
    )


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_deciding_deletes_the_evidence_from_the_database_and_storage(
    moderator_client, moderator, member, private_uploads, django_capture_on_commit_callbacks, decision
):
    application = _apply(member)
    stored = Path(application.document.path)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(moderator_client, application, decision)
    application.refresh_from_db()
    assert (application.licence_number, application.issuing_body, application.document.name) == ("", "", "")
    assert not stored.exists()
    assert _stored_files(private_uploads) == []
    # What remains: the decision, the role, the dates and the reviewer.
    assert application.status == ("approved" if decision == "approve" else "declined")
    assert application.role == "nurse"
    assert application.decided_at is not None
    assert application.reviewer == moderator


def test_no_decided_application_can_keep_evidence(member):
    application = _apply(member, document=None)
    with pytest.raises(IntegrityError):
        VerificationApplication.objects.filter(pk=application.pk).update(status="approved")


def test_the_file_is_deleted_only_once_the_decision_commits(
    moderator, member, django_capture_on_commit_callbacks
):
    application = _apply(member)
    stored = Path(application.document.path)
    with django_capture_on_commit_callbacks() as callbacks:
        moderation_services.decide_verification(application, moderator, approve=True, reason="ok")
    assert stored.exists()  # had the transaction rolled back, the row naming it would still be there
    for callback in callbacks:
        callback()
    assert not stored.exists()


def test_the_evidence_appears_nowhere_after_the_decision(
    moderator_client, member, django_capture_on_commit_callbacks
):
    application = _apply(member)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(moderator_client, application)
    assert (
        NUMBER
        not in moderator_client.get(
            reverse("moderation:verification", args=[application.pk])
        ).content.decode()
    )
    assert NUMBER not in moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert (
        moderator_client.get(reverse("moderation:verification_document", args=[application.pk])).status_code
        == 404
    )


def test_approval_gives_the_member_the_badge(moderator_client, member):
    _decide(moderator_client, _apply(member))
    member.refresh_from_db()
    assert member.verified_role == "nurse"
    assert member.verified_at is not None
    assert member.verified_label == "Nurse"


def test_declining_leaves_the_member_unverified(moderator_client, member):
    _decide(moderator_client, _apply(member), "decline", "We couldn't find this number on the register")
    member.refresh_from_db()
    assert member.verified_role == ""
    assert not member.is_verified


def test_the_decision_is_in_the_audit_log_without_the_evidence(moderator_client, moderator, member):
    _decide(moderator_client, _apply(member), "decline", "Not on the register")
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.DECLINE_VERIFICATION)
    assert (action.actor, action.member, action.reason) == (moderator, member, "Not on the register")
    assert NUMBER not in json.dumps([action.before, action.after, action.reason])
    assert BODY not in json.dumps([action.before, action.after, action.reason])


def test_the_member_is_told_the_decision_and_the_reason(moderator_client, member):
    _decide(moderator_client, _apply(member), "decline", "Not on the register")
    notification = Notification.objects.get(recipient=member, kind=Notification.Kind.MODERATION)
    assert "declined: Not on the register" in notification.message
    assert notification.url == reverse("accounts:verification")


def test_the_member_sees_the_decision_on_their_page(moderator_client, member, client):
    _decide(moderator_client, _apply(member))
    client.force_login(member)
    page = client.get(reverse("accounts:verification")).content.decode()
    assert "verified as <strong>Nurse</strong>" in page


def test_a_decision_needs_a_reason(moderator_client, member):
    application = _apply(member)
    response = _decide(moderator_client, application, reason="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.is_pending and application.licence_number == NUMBER
    assert not ModerationAction.objects.exists()


def test_an_unknown_decision_changes_nothing(moderator_client, member):
    application = _apply(member)
    _decide(moderator_client, application, decision="maybe")
    application.refresh_from_db()
    assert application.is_pending


def test_an_application_is_decided_once(moderator_client, member, second_moderator):
    application = _apply(member)
    _decide(moderator_client, application)
    with pytest.raises(moderation_services.ModerationError, match="already approved by Rowan"):
        moderation_services.decide_verification(application, second_moderator, approve=False, reason="no")
    assert ModerationAction.objects.count() == 1


def test_a_moderator_cannot_decide_their_own_application(moderator):
    application = _apply(moderator)
    with pytest.raises(moderation_services.ModerationError):
        moderation_services.decide_verification(application, moderator, approve=True, reason="me")
    application.refresh_from_db()
    assert application.is_pending


def test_deleting_an_account_deletes_a_waiting_application(
    member, private_uploads, django_capture_on_commit_callbacks
):
    _apply(member)
    with django_capture_on_commit_callbacks(execute=True):
        member_services.delete_account(member, member_services.KEEP_POSTS)
    assert not VerificationApplication.objects.filter(member=member).exists()
    assert _stored_files(private_uploads) == []


def test_the_data_export_includes_verification(member):
    _apply(member, document=None)
    data = member_services.member_data(member)
    assert data["verification"]["applications"][0]["licence_number"] == NUMBER


# --- The badge --------------------------------------------------------------------------------------


BADGE = "Verified: Nurse"


@pytest.fixture
def nurse(db):
    return UserFactory(display_name="Nurse Ana", verified_role="nurse")


def test_a_verified_members_posts_carry_the_badge(member_client, nurse, category):
    thread = make_thread(author=nurse, category=category)
    assert BADGE in member_client.get(thread.get_absolute_url()).content.decode()


def test_the_badge_is_never_on_anonymous_posts(member_client, nurse, category, thread):
    forum_services.reply(thread=thread, author=nurse, body="Said anonymously", anonymous=True)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Said anonymously" in page
    assert BADGE not in page


def test_the_badge_is_never_on_anonymous_threads_in_lists(member_client, nurse, category):
    forum_services.create_thread(author=nurse, category=category, title="Quietly", body="x", anonymous=True)
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert "Quietly" in page
    assert BADGE not in page


def test_thread_lists_show_the_badge_of_named_authors(member_client, nurse, category):
    make_thread(author=nurse, category=category, title="Named")
    assert BADGE in member_client.get(category.get_absolute_url()).content.decode()


def test_search_results_show_the_badge_but_not_on_anonymous_posts(member_client, nurse, category, thread):
    forum_services.reply(thread=thread, author=nurse, body="Lanterns named")
    forum_services.reply(thread=thread, author=nurse, body="Lanterns hidden", anonymous=True)
    response = member_client.get(reverse("forum:search"), {"q": "lanterns"})
    badges = {post.body: post.author_badge for post in response.context["results"]}
    assert badges == {"Lanterns named": "Nurse", "Lanterns hidden": ""}
    assert response.content.decode().count(BADGE) == 1


def test_the_profile_shows_the_badge(member_client, nurse):
    assert BADGE in member_client.get(nurse.get_absolute_url()).content.decode()


def test_unverified_members_carry_no_badge(member_client, member, category):
    thread = make_thread(author=member, category=category)
    assert "Verified:" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_the_badge_adds_no_queries_to_a_thread_page(member_client, category, django_assert_max_num_queries):
    thread = make_thread(category=category, author=UserFactory(verified_role="psychologist"))
    for n in range(15):
        forum_services.reply(thread=thread, author=UserFactory(verified_role="nurse"), body=f"reply {n}")
    with django_assert_max_num_queries(10):
        response = member_client.get(thread.get_absolute_url())
    assert response.content.decode().count("Verified: ") == 16
