from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from accounts import backends
        from forum.notifications import forget_circle, member_annotations, unread_count_sql
        from orgs.signals import circle_membership_ended

        backends.register_unread_count(unread_count_sql)
        backends.register_member_annotations(member_annotations)
        circle_membership_ended.connect(forget_circle, dispatch_uid="forum.forget_circle")
