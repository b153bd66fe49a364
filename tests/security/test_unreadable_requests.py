"""Requests Django cannot build (config/wsgi.py) get the site's 400 page, never gunicorn's 500."""

import io

import pytest

from config.wsgi import application

pytestmark = pytest.mark.django_db


def _call(content_type: str, query: str = "q=x") -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/search/", "QUERY_STRING": query, "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": "3", "wsgi.input": io.BytesIO(b"a=b"), "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1",
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(application(environ, start_response))
    return answer["status"], body


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=base64",
        "application/x-www-form-urlencoded; charset=rot13",
        "application/x-www-form-urlencoded; charset=idna-nonsense",
        "text/plain; a*=zz''%ff",
    ],
)
def test_a_content_type_django_cannot_read_is_the_400_page(content_type):
    status, body = _call(content_type)
    assert status == "400 Bad Request"
    assert b"<html" in body


def test_an_ordinary_request_reaches_the_site():
    status, _body = _call("application/x-www-form-urlencoded; charset=utf-8", query="")
    assert not status.startswith(("400", "500"))
