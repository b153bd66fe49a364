import io

from django.core.mail import EmailMessage

from config.mail import ReadableConsoleEmailBackend


def test_console_email_prints_links_unbroken():
    link = (
        "http://127.0.0.1:8000/accounts/confirm-email/Nw:1xVPqU:RKRuLGcRknyTM7mIIIStEd4JIW-bV5EBd3uMMPhoM8k/"
    )
    stream = io.StringIO()
    backend = ReadableConsoleEmailBackend(stream=stream)
    backend.send_messages([EmailMessage("Confirm", f"Open this link:\n\n{link}\n", to=["a@example.org"])])
    printed = stream.getvalue()
    assert link in printed
    assert "Subject: Confirm" in printed
