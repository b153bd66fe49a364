"""Create the demo community (idempotent); with --scale N also N synthetic threads for benchmarks."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts import consent
from forum import services
from forum.demo import content
from forum.models import Category, Notification, Post, Thread
from moderation import peer_services
from moderation.models import FlagReason
from moderation.services import flag_post
from orgs.models import (
    Circle,
    CircleInvitation,
    CircleMembership,
    CrisisLine,
    Organisation,
    OrganisationMembership,
)

User = get_user_model()


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=0, metavar="N", help="also bulk-create N threads with replies"
        )
        parser.add_argument("--posts-per-thread", type=int, default=20, help="average, for --scale")
        parser.add_argument("--members", type=int, default=200, help="synthetic members, for --scale")

    def handle(self, *args, scale, posts_per_thread, members, **options):
        with transaction.atomic():
            categories = self.seed_categories()
            people = self.seed_members()
            created = self.seed_threads(categories, people)
            self.seed_peer_supporter(people)
            self.seed_circle(people)
            # The demo's conversations are history: their notifications stay in the site, but
            # nobody is emailed about them (`./haven run` prints the emails people's actions send).
            Notification.objects.filter(email=Notification.Email.PENDING).update(
                email=Notification.Email.NONE
            )
        self.stdout.write(
            f"Demo content ready: {len(categories)} categories, {len(people)} members, {created} new threads."
        )
        if scale:
            from forum.demo.scale import seed_at_scale

            replies = seed_at_scale(
                threads=scale, posts_per_thread=posts_per_thread, members=members, out=self.stdout
            )
            self.flag_some(replies)
        self.stdout.write(f"Demo logins (password for all: {content.DEMO_PASSWORD}):")
        self.stdout.write(f"  moderator: {content.MODERATOR[0]}")
        for email, *_ in content.MEMBERS[:2]:
            self.stdout.write(f"  member:    {email}")

    def flag_some(self, reply_ids: list[int]):
        """A moderation queue with something in it: one member's flag on each of a few replies."""
        members = {
            member.pk: member for member in get_user_model().objects.filter(email__endswith="@bench.example")
        }
        reasons = [FlagReason.HARASSMENT, FlagReason.CONFIDENTIALITY, FlagReason.SPAM, FlagReason.OTHER]
        for number, post in enumerate(Post.objects.filter(pk__in=reply_ids).order_by("pk")):
            flagger = next(member for pk, member in members.items() if pk != post.author_id)
            flag_post(post, flagger, reasons[number % len(reasons)], "Flagged by the benchmark seed.")

    def seed_categories(self):
        categories = {}
        for position, (name, slug, description) in enumerate(content.CATEGORIES):
            category, _ = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
            categories[slug] = category
        return categories

    def seed_members(self):
        people = {}
        for email, name, profession, bio in [content.MODERATOR, *content.MEMBERS]:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(
                    email=email,
                    display_name=name,
                    profession=profession,
                    bio=bio,
                    is_trusted=True,
                    is_moderator=email == content.MODERATOR[0],
                    # An established community: nobody here is a newcomer whose posts are held
                    # outside moderation hours.
                    date_joined=timezone.now() - timedelta(days=365),
                )
                user.set_password(content.DEMO_PASSWORD)
                user.save()
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if consent.needs_consent(user):  # the demo's people have agreed to the current notice
                consent.give_consent(user)
            people[email] = user
        return people

    def seed_threads(self, categories, people):
        created = 0
        now = timezone.now()
        for index, (slug, author, title, body, replies) in enumerate(content.THREADS):
            if Thread.objects.filter(title=title, author=people[author]).exists():
                continue
            thread = services.create_thread(
                author=people[author], category=categories[slug], title=title, body=body
            )
            posts = [thread.opening_post]
            for reply_author, reply_body, answers in replies:
                parent = posts[answers] if answers is not None else None
                posts.append(
                    services.reply(thread=thread, author=people[reply_author], body=reply_body, parent=parent)
                )
            # Spread the conversation over the past days so that it reads like a real one.
            started = now - timedelta(days=len(content.THREADS) - index, hours=5)
            for position, post in enumerate(posts):
                Post.objects.filter(pk=post.pk).update(created_at=started + timedelta(hours=3 * position))
            Thread.objects.filter(pk=thread.pk).update(
                created_at=started, last_activity_at=started + timedelta(hours=3 * (len(posts) - 1))
            )
            created += 1
        return created

    def seed_peer_supporter(self, people):
        email, course = content.PEER_SUPPORTER
        member = people[email]
        if not member.is_peer_supporter:
            peer_services.grant_peer_supporter(
                member,
                people[content.MODERATOR[0]],
                trained_on=timezone.localdate() - timedelta(days=60),
                course=course,
            )

    def seed_circle(self, people):
        """The demo organisation and its circle, as staff set them up in the admin."""
        name, slug = content.ORGANISATION
        organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        line_name, line_detail = content.ORGANISATION_CRISIS_LINE
        CrisisLine.objects.get_or_create(
            organisation=organisation, name=line_name, defaults={"detail": line_detail}
        )
        circle_name, description = content.CIRCLE
        circle, _ = Circle.objects.get_or_create(
            name=circle_name, defaults={"organisation": organisation, "description": description}
        )
        category_name, category_slug, category_description = content.CIRCLE_CATEGORY
        category, _ = Category.objects.get_or_create(
            slug=category_slug,
            defaults={
                "name": category_name,
                "description": category_description,
                "circle": circle,
                "position": 99,
            },
        )
        roles = {content.CIRCLE_MODERATOR: CircleMembership.Role.MODERATOR}
        roles.update({email: CircleMembership.Role.MEMBER for email in content.CIRCLE_MEMBERS})
        for email, role in roles.items():
            member = people[email]
            OrganisationMembership.objects.get_or_create(
                organisation=organisation, member=member, ended_at=None
            )
            CircleMembership.objects.get_or_create(
                circle=circle, member=member, ended_at=None, defaults={"role": role}
            )
        moderator = people[content.CIRCLE_MODERATOR]
        invited = people[content.CIRCLE_INVITED]
        if not CircleInvitation.objects.filter(circle=circle, invitee=invited).exists():
            from orgs import services as org_services

            org_services.invite_member(circle, moderator, invited)
        author, title, body, replies = content.CIRCLE_THREAD
        if not Thread.objects.filter(title=title, category=category).exists():
            thread = services.create_thread(author=people[author], category=category, title=title, body=body)
            posts = [thread.opening_post]
            for reply_author, reply_body, answers in replies:
                posts.append(
                    services.reply(
                        thread=thread, author=people[reply_author], body=reply_body, parent=posts[answers]
                    )
                )
