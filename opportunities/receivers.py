from opportunities.models import OrganisationPage
from opportunities.services import organisation_verify


def verify_organisation_on_approval(sender, instance, user=None, **kwargs):
    """Staff approving an organisation's registration is how it becomes verified."""
    content = instance.content_object
    organisation = getattr(content, "specific", content)
    if isinstance(organisation, OrganisationPage) and not organisation.verified:
        organisation_verify(organisation=organisation, verified_by=user)
