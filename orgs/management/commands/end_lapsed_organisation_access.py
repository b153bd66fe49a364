"""End organisation access that came from an identity provider and was not renewed: a member who
has not signed in through their organisation's provider for HAVEN_ORGANISATION_REAUTH_DAYS loses
its circles, and is signed out, until they sign in through it again (orgs/provisioning.py).

Run it from cron once an hour or once a day, as send_due_emails is run.
"""

from django.core.management.base import BaseCommand

from orgs.provisioning import end_lapsed_access


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        ended = end_lapsed_access()
        self.stdout.write(f"Ended {ended} lapsed organisation membership(s).")
