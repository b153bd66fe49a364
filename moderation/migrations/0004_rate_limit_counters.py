from django.db import migrations

# Rate-limit counters when Redis is not configured: one row per member or IP and scope, updated
# by a single atomic upsert. UNLOGGED: counters are disposable, so they skip the WAL.
CREATE = """
CREATE UNLOGGED TABLE haven_rate_limit (
    key text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    hits integer NOT NULL
);
"""


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_alter_moderationaction_kind")]
    operations = [migrations.RunSQL(CREATE, "DROP TABLE haven_rate_limit;")]
