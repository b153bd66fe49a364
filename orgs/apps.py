from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Organisations and circles"

    def ready(self):
        from accounts import backends
        from orgs.access import member_annotations

        backends.register_member_annotations(member_annotations)
