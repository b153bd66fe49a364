"""allauth, adjusted only where the forum needs it: a member taking a break lands on the calm page
that says when their break ends (and how to end it early) rather than on the forum."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, *, redirect_url=None, signup=False, **kwargs):
        if getattr(user, "is_on_break", False) and not signup:
            # Where they were going (already checked by allauth) stays one link away on that page.
            query = f"?{urlencode({'next': redirect_url})}" if redirect_url else ""
            redirect_url = reverse("accounts:take_break") + query
        return super().post_login(request, user, redirect_url=redirect_url, signup=signup, **kwargs)
