"""Member-owned writes about the account itself: blocking and applying for verification.
(Moderators' decisions on verification are in moderation/services.py; taking a break, exporting
one's data and deleting one's account touch the forum's tables and are in forum/member_services.py.)"""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts import evidence
from accounts.models import Block, User, VerificationApplication


def block(blocker: User, blocked: User) -> None:
    if blocker.pk == blocked.pk:
        raise ValueError("You can't block yourself.")
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)


def unblock(blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


# --- Verification ---------------------------------------------------------------------------------


class VerificationError(Exception):
    """An application that can't be made or withdrawn; the message says why, for the member."""


@transaction.atomic
def apply_for_verification(
    member: User, *, role: str, licence_number: str, issuing_body: str, document: UploadedFile | None = None
) -> VerificationApplication:
    """MEMBER asks moderators to verify them as ROLE. One application waits at a time.

    DOCUMENT (optional; its size is checked by the form) must be a PDF, PNG or JPEG by its content.
    It is saved under a random name, with the extension of its real type, in the private storage
    until a moderator decides.
    """
    User.objects.select_for_update().only("pk").get(pk=member.pk)  # one application at a time
    if VerificationApplication.objects.pending().filter(member=member).exists():
        raise VerificationError("You already have an application waiting for a moderator.")
    if document:
        kind = evidence.document_type(document)
        if kind is None:
            raise VerificationError("Please upload a PDF, PNG or JPEG file.")
        document.name = f"document.{kind}"  # the member's file name goes no further
    application = VerificationApplication(
        member=member,
        role=role,
        licence_number=licence_number,
        issuing_body=issuing_body,
        document=document or "",
    )
    try:
        application.save()  # writes the document file first, then the row
    except Exception:
        if application.document:
            application.document.delete(save=False)
        raise
    return application


@transaction.atomic
def withdraw_verification(member: User) -> None:
    """Withdraw MEMBER's waiting application: the row and its evidence are deleted."""
    application = VerificationApplication.objects.select_for_update().pending().filter(member=member).first()
    if application is None:
        raise VerificationError("You have no application waiting; a moderator may have just decided it.")
    application.discard_evidence()
    application.delete()
