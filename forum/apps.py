from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from accounts import backends
        from forum.notifications import unread_count_sql

        backends.register_unread_count(unread_count_sql)
