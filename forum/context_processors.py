from django.conf import settings


def site(request):
    return {"SITE_NAME": "Haven", "PUBLIC_READ": settings.HAVEN_PUBLIC_READ}
