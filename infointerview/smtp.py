"""Django's SMTP backend, made to report every address the server refused."""

import email.policy
import smtplib

from django.core.mail.backends.smtp import EmailBackend


class StrictEmailBackend(EmailBackend):
    """Fails a message if the server refused any of its recipients.

    smtplib returns the refused addresses when at least one was accepted, and
    Django's backend drops them: a request whose contact's address bounced at
    once would count as sent because the student's own copy went through.
    """

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(addr) for addr in email_message.recipients()]
        message = email_message.message(policy=email.policy.SMTP)
        try:
            refused = self.connection.sendmail(
                from_email, recipients, message.as_bytes()
            )
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
