from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"

    def ready(self):
        from conversations import services
        from forum import member_services

        member_services.register_member_data(
            key="private_messages",
            export=services.member_messages,
            forget=services.forget_member,
        )
