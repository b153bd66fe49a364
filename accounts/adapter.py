"""allauth, adjusted only where the forum needs it: a member taking a break lands on the calm page
that says when their break ends (and how to end it early) rather than on the forum; and the emails
allauth writes are delivered from the task queue (accounts/tasks.py), so that sign-up and password
reset take the same time whether or not the address belongs to a member; and signing in counts as
a recent authentication for ACCOUNT_REAUTHENTICATION_TIMEOUT, so a moderator who has just typed
their password (and code) is not asked for it again by the actions that need a recent one."""

import time
from typing import Any
from urllib.parse import urlencode

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from accounts.tasks import deliver_account_email, email_as_dict

# The mails a sign-up sends: to a new address its verification link, to a member's address "you
# already have an account". Their delivery shares one cooldown per address (accounts/tasks.py).
SIGN_UP_MAILS = frozenset(
    {
        "account/email/email_confirmation_signup",
        "account/email/email_confirmation",
        "account/email/account_already_exists",
    }
)


# When this session's member finished signing in (every step, two-factor included).
SIGNED_IN_AT_SESSION_KEY = "haven_signed_in_at"
# The "app" (allauth's reauthentication_required(app=...)) of actions that can't be undone: they
# ask for the password every time, however recent the sign-in.
DELETING_THE_ACCOUNT = "accounts.deletion"
# How recent a sign-in through an organisation's identity provider confirms such an action, for a
# member with no password or authenticator of their own (confirms_by_signing_in_again).
FRESH_SIGN_IN_SECONDS = 5 * 60


def confirms_by_signing_in_again(user) -> bool:
    """Whether USER confirms an action that can't be undone by signing in again through their
    organisation's identity provider: they have no password and no authenticator, so allauth has
    nothing to ask them (it treats them as just reauthenticated, and would let anyone at their
    open screen delete their account)."""
    from allauth.mfa.models import Authenticator

    return not user.has_usable_password() and not Authenticator.objects.filter(user=user).exists()


def signed_in_within(request, seconds: float) -> bool:
    """Whether this session's member finished signing in (through any route) in the last SECONDS."""
    signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    return signed_in_at is not None and 0 <= time.time() - signed_in_at < seconds


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not within allauth's reauthentication timeout of signing in: the sign-in is as recent
        an authentication as typing the password again would be. (allauth itself counts only a
        reauthentication.)"""
        if app == DELETING_THE_ACCOUNT:
            return True
        request = allauth_context.request
        if request is not None and signed_in_within(
            request, allauth_account_settings.REAUTHENTICATION_TIMEOUT
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def post_login(self, request, user, *, redirect_url=None, signup=False, **kwargs):
        request.session[SIGNED_IN_AT_SESSION_KEY] = time.time()
        if getattr(user, "is_on_break", False) and not signup:
            # Where they were going (already checked by allauth) stays one link away on that page.
            query = f"?{urlencode({'next': redirect_url})}" if redirect_url else ""
            redirect_url = reverse("accounts:take_break") + query
        return super().post_login(request, user, redirect_url=redirect_url, signup=signup, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Write the mail now (its links need the request) and queue its delivery: every sign-up
        and every reset request queues exactly one mail, whichever mail it is."""
        request = allauth_context.request
        # The same context allauth's own send_mail gives its templates.
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        deliver_account_email.enqueue(email_as_dict(message), sign_up_mail=template_prefix in SIGN_UP_MAILS)
