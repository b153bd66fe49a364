"""Run the test identity provider: python -m tests.idp.oidc_provider.serve PORT LIFETIME_SECONDS

Reads its people and clients as JSON from IDP_PEOPLE and IDP_CLIENTS, creates them in a fresh
SQLite database (IDP_DATABASE), and serves on 127.0.0.1:PORT until it is killed or LIFETIME_SECONDS
pass, whichever is first (so a test run that dies cannot leave it behind)."""

import json
import os
import sys
import threading


def main() -> None:
    port, lifetime = int(sys.argv[1]), float(sys.argv[2])
    threading.Timer(lifetime, os._exit, args=(0,)).start()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.idp.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in json.loads(os.environ["IDP_PEOPLE"]):
        User.objects.create_user(**person)
    for client in json.loads(os.environ["IDP_CLIENTS"]):
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            redirect_uris=" ".join(client["redirect_uris"]),
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
