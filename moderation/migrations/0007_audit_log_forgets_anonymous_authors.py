"""Audit-log entries about anonymous posts and threads stop naming their authors.

Until now an action on an anonymous post (approve, hide, edit, delete, warn, close a crisis check,
decide an appeal) recorded the real author as the member it concerned, and the audit log and the
member's history showed that name to every moderator. New entries name only the post
(moderation/services.py, _author_on_record); this clears the member of the entries written
before, so the old ones stop naming them too. Reveals keep their member: a reveal, with its
reason, is the one recorded way to learn who wrote an anonymous post.

The log is append-only (migration 0002's trigger); the trigger is switched off for this one
correction, inside the migration's transaction, and on again before it commits.
"""

from django.db import migrations

FORGET_ANONYMOUS_AUTHORS = """
-- Deferred foreign-key checks still pending in this transaction would stop ALTER TABLE.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE moderation_moderationaction DISABLE TRIGGER moderation_audit_log_append_only;

UPDATE moderation_moderationaction AS action SET member_id = NULL
FROM forum_post AS post
WHERE action.post_id = post.id AND post.is_anonymous
  AND action.kind <> 'reveal_author' AND action.member_id = post.author_id;

-- A warning sent from a queue entry recorded only the entry, not its post.
UPDATE moderation_moderationaction AS action SET member_id = NULL
FROM moderation_queueentry AS entry, forum_post AS post
WHERE action.post_id IS NULL AND action.entry_id = entry.id AND entry.post_id = post.id
  AND post.is_anonymous AND action.kind = 'warn' AND action.member_id = post.author_id;

-- Locking, unlocking and moving an anonymous thread named its author.
UPDATE moderation_moderationaction AS action SET member_id = NULL
FROM forum_thread AS thread
WHERE action.post_id IS NULL AND action.thread_id = thread.id AND thread.is_anonymous
  AND action.kind IN ('lock', 'unlock', 'move') AND action.member_id = thread.author_id;

ALTER TABLE moderation_moderationaction ENABLE TRIGGER moderation_audit_log_append_only;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_crisis_outcomes_and_moderator_wellbeing"),
        ("forum", "0006_thread_latest_index_includes_category"),
    ]

    operations = [migrations.RunSQL(FORGET_ANONYMOUS_AUTHORS, migrations.RunSQL.noop)]
