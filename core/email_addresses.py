"""Email addresses we can really send to: checked wherever people or files give us one."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# RFC 5321 section 4.5.3.1: local part up to 64 octets, a domain up to 255, a path up to 256
# including its angle brackets, so an address up to 254; RFC 1035: labels up to 63.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64
MAX_LABEL = 63
MESSAGE = "Enter an email address we can send to, like name@example.com"


def validate_deliverable_email(value):
    """Raises ValidationError (code "undeliverable") unless `value`, and its lower-case form,
    can go in an SMTP envelope: an ASCII local part (we do not use SMTPUTF8), a domain that
    encodes to IDNA (internationalised names are fine), and the RFC 5321 lengths above.
    Django's own address syntax check comes first, so this alone is enough wherever it is used."""
    for address in {str(value), str(value).lower()}:
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(MESSAGE, code="undeliverable") from error
        local, _, domain = address.rpartition("@")
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
            local.encode("ascii")
        except UnicodeError as error:
            raise ValidationError(MESSAGE, code="undeliverable") from error
        labels = ascii_domain.split(".")
        if (
            not local
            or len(local) > MAX_LOCAL_PART
            or len(f"{local}@{ascii_domain}") > MAX_ADDRESS
            or any(not label or len(label) > MAX_LABEL for label in labels)
        ):
            raise ValidationError(MESSAGE, code="undeliverable")
