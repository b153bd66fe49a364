"""Background work, through Django's tasks framework (immediate in development and tests; the
database-backed queue and `manage.py db_worker` in production, see settings TASKS)."""

from django.tasks import task

from accounts.models import User
from forum.notifications import deliver_due_emails


@task
def deliver_notification_emails(member_id: int) -> int:
    member = User.objects.filter(pk=member_id).first()
    return deliver_due_emails(member) if member else 0
