"""Background work for accounts: delivering the emails allauth writes (verification, "you already
have an account", password reset), through Django's tasks framework like notification email.

Sending from the queue keeps a mail server's delay out of the request, and so out of what a
stranger can time: a sign-up answers in the same time whether the address is new or already a
member's (issue 25). For the same reason the cooldown that stops a flood of sign-up mail to one
address is applied here, when the mail is delivered, rather than in the request.
"""

import hashlib

from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

# At most one sign-up mail (a verification link, or "you already have an account") per address in
# this many seconds; allauth's own default for its verification cooldown, which Haven turns off.
SIGN_UP_MAIL_COOLDOWN_SECONDS = 3 * 60


def email_as_dict(message: EmailMultiAlternatives) -> dict:
    """The parts of MESSAGE a task needs to send it again: plain values only, for the queue."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


def _first_in_cooldown(address: str) -> bool:
    """True if no sign-up mail went to ADDRESS in the cooldown, and starts one (atomically, in the
    shared cache). The key is a digest, so the cache holds no email addresses."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    return cache.add(f"sign-up-mail:{digest}", True, SIGN_UP_MAIL_COOLDOWN_SECONDS)


@task
def deliver_account_email(message: dict, sign_up_mail: bool = False) -> bool:
    """Send MESSAGE (from `email_as_dict`). A SIGN_UP_MAIL is dropped if its address had one within
    SIGN_UP_MAIL_COOLDOWN_SECONDS: the link in the earlier one still works. True if sent."""
    if sign_up_mail and not all(_first_in_cooldown(address) for address in message["to"]):
        return False
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message["headers"],
        alternatives=[tuple(alternative) for alternative in message["alternatives"]],
    )
    email.send()
    return True
