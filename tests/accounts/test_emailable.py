"""Who Haven may email: one rule, `User.wants_email`, and the same rule in SQL,
`User.objects.emailable()`, for the jobs that choose whom to email (the waiting-thread nudge)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.factories import IdentityProviderMemberFactory, UserFactory

STATES = {
    "an ordinary member": {},
    "email turned off": {"email_notifications": User.EmailFrequency.OFF},
    "a daily digest": {"email_notifications": User.EmailFrequency.DAILY},
    "on a break": {"break_until": timezone.now() + timedelta(days=3)},
    "a break that ended": {"break_until": timezone.now() - timedelta(hours=1)},
    "a closed account": {"is_active": False},
    "a deleted account": {"is_deleted_account": True},
}
EMAILABLE = {"an ordinary member", "a daily digest", "a break that ended"}


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_the_property_and_the_query_agree(state):
    member = UserFactory(**STATES[state])
    assert member.wants_email is (state in EMAILABLE)
    assert User.objects.emailable().filter(pk=member.pk).exists() is (state in EMAILABLE)


@pytest.mark.django_db
def test_a_member_without_an_address_is_never_emailed():
    member = IdentityProviderMemberFactory()
    assert member.email in (None, "")
    assert member.wants_email is False
    assert not User.objects.emailable().filter(pk=member.pk).exists()
