"""Run hourly (cron or a scheduler): the unanswered-post watch's messages. Authors whose thread has
waited HAVEN_WAITING_AUTHOR_NOTICE_HOURS get one kind notice; members who opted in get their daily
nudge once their day has reached HAVEN_DIGEST_HOUR (outside quiet hours and breaks)."""

from django.core.management.base import BaseCommand

from moderation import peer_services


class Command(BaseCommand):
    help = "Tell authors of long-waiting threads, and send members' daily waiting-thread nudges."

    def handle(self, *args, **options):
        told = peer_services.tell_waiting_authors()
        nudged = peer_services.send_waiting_nudges()
        self.stdout.write(f"{told} author(s) told, {nudged} nudge(s) emailed.")
