"""A console email backend for development that prints mail the way a person reads it.

Django's console backend prints the raw MIME message, where long lines such as verification links
are broken by quoted-printable encoding and can't be clicked. This prints the decoded text.
"""

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleEmailBackend(EmailBackend):
    def write_message(self, message):
        self.stream.write(
            f"\n----- Email to {', '.join(message.to)} -----\n"
            f"Subject: {message.subject}\n\n{message.body}\n"
            f"{'-' * 60}\n"
        )
