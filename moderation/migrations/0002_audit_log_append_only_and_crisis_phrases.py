from django.db import migrations

APPEND_ONLY = """
CREATE FUNCTION moderation_audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The moderation audit log is append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER moderation_audit_log_append_only
    BEFORE UPDATE OR DELETE ON moderation_moderationaction
    FOR EACH ROW EXECUTE FUNCTION moderation_audit_log_is_append_only();
"""
# TRUNCATE stays possible: it is never issued by the site, and the test runner needs it to reset
# the database between transactional tests.

DROP_APPEND_ONLY = """
DROP TRIGGER moderation_audit_log_append_only ON moderation_moderationaction;
DROP FUNCTION moderation_audit_log_is_append_only();
"""


def add_default_crisis_phrases(apps, schema_editor):
    from moderation.crisis import DEFAULT_PHRASES

    CrisisPhrase = apps.get_model("moderation", "CrisisPhrase")
    for category, phrases in DEFAULT_PHRASES.items():
        for phrase in phrases:
            CrisisPhrase.objects.get_or_create(phrase=phrase, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunPython(add_default_crisis_phrases, migrations.RunPython.noop),
    ]
