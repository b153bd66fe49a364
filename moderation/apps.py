from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        from conversations import safeguards as conversation_safeguards
        from forum import safeguards as forum_safeguards
        from moderation import confidentiality, hours, safeguards, safety, services

        forum_safeguards.register(
            review=safeguards.review_post,
            holds=hours.holds_posts_by,
            screen=lambda text, answering=None: safety.screen_text(
                text, identifying=False, answering=answering
            ),
            identify=confidentiality.find_identifying_details,
            back_at=hours.moderators_back_at,
            hours=hours.describe,
        )
        conversation_safeguards.register(crisis_alert=services.alert_moderators_about_message_crisis)
        checks.register(check_moderation_hours)


def check_moderation_hours(app_configs=None, **kwargs):
    """A mistyped HAVEN_MODERATION_HOURS fails `manage.py check` (and deploys), not a member's request."""
    from moderation import hours

    try:
        hours.schedule()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="haven.E001")]
    return []
