"""Consent to processing health information: the one place its rule lives.

Everything a member writes here may reveal their health (GDPR Article 9 special-category data),
so Haven asks for explicit consent, separate from everything else, at sign-up, against a
versioned privacy notice (HAVEN_PRIVACY_NOTICE_VERSION). When the notice changes, a member is
asked again before the next page (config/middleware.py, ConsentMiddleware). Withdrawing consent
leads to the account-deletion choices: Haven cannot keep a member's posts without it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ConsentRecord, User, Viewer


def current_version() -> str:
    return settings.HAVEN_PRIVACY_NOTICE_VERSION


def needs_consent(user: Viewer) -> bool:
    """A signed-in member whose consent does not cover the current notice (no query)."""
    return bool(user.is_authenticated) and getattr(user, "consented_notice_version", "") != current_version()


@transaction.atomic
def give_consent(member: User) -> ConsentRecord:
    """MEMBER consents to the current notice; recorded with its time and version."""
    record = ConsentRecord.objects.create(member=member, notice_version=current_version())
    member.consented_notice_version = record.notice_version
    member.save(update_fields=["consented_notice_version"])
    return record


@transaction.atomic
def withdraw_consent(member: User) -> None:
    """MEMBER withdraws consent: every standing record is marked withdrawn now, and they are
    asked again (or choose to delete their account) before anything else."""
    ConsentRecord.objects.filter(member=member, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    member.consented_notice_version = ""
    member.save(update_fields=["consented_notice_version"])
