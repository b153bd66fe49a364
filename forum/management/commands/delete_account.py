"""Delete a member's account on their written request, when they cannot do it themselves.

    manage.py delete_account 42 --keep-posts      # posts stay, shown as by "Former member"
    manage.py delete_account 42 --delete-posts    # posts go too (placeholders where answered)

The member's own deletion page is the usual way. This is for an erasure request that reaches the
operator another way: someone whose organisation ended their sign-in (SCIM deprovisioning) and
who has no password or email here, so nothing else can let them in. Check who is asking first
(with them and, for an organisation's member, with the organisation), then find the account in
the admin (its number is in the page's address) and run this. It does exactly what the member's
own deletion does (forum/member_services.delete_account), in one transaction, and asks for the
member's display name before it starts unless --no-input is given.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from forum import member_services


class Command(BaseCommand):
    help = "Delete a member's account as their own deletion page would, on their request."

    def add_arguments(self, parser):
        parser.add_argument("member", type=int, help="The account's number (in its admin page's address).")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--keep-posts", action="store_const", dest="mode", const=member_services.KEEP_POSTS,
                          help='Keep their posts, shown as by "Former member".')  # fmt: skip
        mode.add_argument("--delete-posts", action="store_const", dest="mode", const=member_services.DELETE_POSTS,
                          help="Delete their posts too.")  # fmt: skip
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Do not ask for the display name to confirm.")  # fmt: skip

    def handle(self, *args, member, mode, interactive, **options):
        account = User.objects.filter(pk=member).first()
        if account is None:
            raise CommandError(f"There is no account number {member}.")
        if account.is_deleted_account:
            raise CommandError(f"Account {member} was already deleted.")
        if interactive:
            typed = input(f"Deleting the account of {account.display_name!r}. Type that name to go on: ")
            if typed.strip() != account.display_name:
                raise CommandError("That is not the name; nothing was deleted.")
        member_services.delete_account(account, mode)
        what = (
            "their posts kept as by Former member"
            if mode == member_services.KEEP_POSTS
            else "their posts deleted"
        )
        self.stdout.write(f"Deleted account {member}, {what}.")
