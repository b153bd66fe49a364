"""Send every notification email that is due (held by quiet hours, or daily digests).

With the database task queue, deliveries are deferred to the right moment automatically; this
command is for deployments without a worker (run it from cron every few minutes) and for
catching up after downtime.
"""

from django.core.management.base import BaseCommand

from accounts.models import User
from forum.models import Notification
from forum.notifications import deliver_due_emails


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        members = User.objects.filter(notifications__email=Notification.Email.PENDING).distinct()
        sent = sum(deliver_due_emails(member) for member in members)
        self.stdout.write(f"Sent {sent} notification(s) by email.")
