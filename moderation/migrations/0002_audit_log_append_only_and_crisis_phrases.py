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


# The phrase list as it was when this migration was written (the detector's built-in rules have
# since replaced it: migration 0008 removes these).
DEFAULT_PHRASES = {
    "suicide": [
        "kill myself", "killing myself", "end my life", "ending my life", "end it all",
        "take my own life", "taking my own life", "want to die", "wanna die", "wish I was dead",
        "wish I were dead", "better off dead", "better off without me", "no reason to live",
        "nothing to live for", "feeling suicidal", "feel suicidal", "I am suicidal", "I'm suicidal",
        "Im suicidal", "my suicide plan", "planning my suicide", "don't want to be here anymore",
        "can't go on anymore", "not want to wake up", "don't want to wake up",
    ],
    "self_harm": [
        "hurt myself", "hurting myself", "harm myself", "harming myself", "cut myself",
        "cutting myself", "burn myself", "started self-harming", "self-harming again",
        "self harming again", "relapsed into self-harm",
    ],
    "harm_others": [
        "going to hurt someone", "want to hurt someone", "going to kill someone",
        "want to kill someone", "hurt my children", "hurt my kids", "harm my children",
    ],
}  # fmt: skip


def add_default_crisis_phrases(apps, schema_editor):
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
