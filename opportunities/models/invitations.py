import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opportunities.models.organisations import OrganisationPage

# An invitation is pending until it is accepted, declined or revoked (or it expires).
PENDING = Q(accepted_at__isnull=True, declined_at__isnull=True, revoked_at__isnull=True)


def hash_token(token):
    """The hex SHA-256 of an invitation link's token, which is all that is stored of it."""
    return hashlib.sha256(token.encode()).hexdigest()


class OrganisationInvitation(models.Model):
    """An administrator's invitation for someone to join an organisation in the portal.

    Nobody joins until they accept. The link's token is never stored: only its SHA-256 hash,
    written when the email is sent.
    """

    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("email address as typed")
    email_normalised = models.EmailField("email address, lower case")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Null until the email is sent: unique allows many nulls but not many blanks.
    token_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email_normalised"],
                condition=PENDING,
                name="one_pending_invitation_each",
            )
        ]

    def __str__(self):
        return f"Invitation {self.pk} to organisation {self.organisation_id}"

    @property
    def ended_at(self):
        return self.accepted_at or self.declined_at or self.revoked_at

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at
