"""Run the test SAML identity provider: python -m tests.idp.saml_provider.serve PORT LIFETIME_SECONDS

A SAML 2.0 identity provider made of pysaml2's `saml2.server.Server` and a few lines of WSGI: a
login form for the people in IDP_PEOPLE (JSON), and for each of them a signed response with a
signed assertion (HTTP-POST binding) naming them by a persistent NameID (their employee number)
and carrying their real name and work email as attributes, as employers' providers do. It knows
the service providers (Haven's organisations) whose metadata is in IDP_SP_METADATA (JSON list of
XML documents), signs with the key and certificate at IDP_KEY_FILE and IDP_CERT_FILE, and serves
on 127.0.0.1:PORT until it is killed or LIFETIME_SECONDS pass (so a test run that dies cannot
leave it behind)."""

import html
import json
import os
import sys
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

LOGIN_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trust sign-in</title></head>
<body><main><h1>Trust staff sign-in</h1>{error}
<form method="post" action="/sso/login">
<input type="hidden" name="SAMLRequest" value="{request}">
<input type="hidden" name="RelayState" value="{relay_state}">
<p><label for="username">Staff number</label> <input id="username" name="username"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<button type="submit">Sign in</button>
</form></main></body></html>"""


def identity_provider(base_url: str) -> Server:
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base_url}/metadata",
            "service": {
                "idp": {
                    "name": "Test trust identity provider",
                    "endpoints": {
                        "single_sign_on_service": [(f"{base_url}/sso/redirect", BINDING_HTTP_REDIRECT)]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": False,
                    "sign_response": True,
                    "sign_assertion": True,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
            "key_file": os.environ["IDP_KEY_FILE"],
            "cert_file": os.environ["IDP_CERT_FILE"],
            "metadata": {"inline": json.loads(os.environ["IDP_SP_METADATA"])},
        }
    )
    return Server(config=config)


def attributes(person: dict) -> dict:
    """What employers' providers send whatever they are asked: the real name and work email."""
    return {
        "givenName": [person["first_name"]],
        "sn": [person["last_name"]],
        "displayName": [f"{person['first_name']} {person['last_name']}"],
        "mail": [person["email"]],
    }


def application(server: Server, people: dict):
    def respond(environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/metadata":
            from saml2.metadata import entity_descriptor

            start_response("200 OK", [("Content-Type", "text/xml")])
            return [str(entity_descriptor(server.config)).encode()]
        if path == "/sso/redirect":
            query = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
            server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)  # or it raises
            return page(start_response, query["SAMLRequest"], query.get("RelayState", ""), "")
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                key: values[0]
                for key, values in parse_qs(environ["wsgi.input"].read(length).decode()).items()
            }
            person = people.get(form.get("username", ""))
            if person is None or person["password"] != form.get("password"):
                error = "<p role='alert'>That staff number and password don’t match.</p>"
                return page(start_response, form["SAMLRequest"], form.get("RelayState", ""), error)
            request = server.parse_authn_request(form["SAMLRequest"], BINDING_HTTP_REDIRECT).message
            destination = request.assertion_consumer_service_url
            response = server.create_authn_response(
                identity=attributes(person),
                in_response_to=request.id,
                destination=destination,
                sp_entity_id=request.issuer.text,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["username"]),
                sign_response=True,
                sign_assertion=True,
                authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": server.config.entityid},
                sign_alg=SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA256,
            )
            binding = server.apply_binding(
                BINDING_HTTP_POST, str(response), destination, form.get("RelayState", ""), response=True
            )
            # pysaml2's self-submitting form page, given the language and title HTML requires
            # (the browser journeys check every page they load).
            page_html = binding["data"].replace("<html>", '<html lang="en">', 1)
            page_html = page_html.replace("<head>", "<head>\n    <title>Signing you in</title>", 1)
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page_html.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]

    def page(start_response, saml_request: str, relay_state: str, error: str):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        body = LOGIN_FORM.format(
            request=html.escape(saml_request), relay_state=html.escape(relay_state), error=error
        )
        return [body.encode()]

    return respond


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    port, lifetime = int(sys.argv[1]), float(sys.argv[2])
    threading.Timer(lifetime, os._exit, args=(0,)).start()
    server = identity_provider(f"http://127.0.0.1:{port}")
    people = {person["username"]: person for person in json.loads(os.environ["IDP_PEOPLE"])}
    httpd = make_server(
        "127.0.0.1",
        port,
        application(server, people),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    httpd.serve_forever()


if __name__ == "__main__":
    main()
