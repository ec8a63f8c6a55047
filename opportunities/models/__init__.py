from opportunities.models.choices import (
    AvailabilityChoice,
    FeeUnit,
    Format,
    InterestStatus,
    InvolvementLevel,
    OrganisationType,
    PaymentPreference,
    RoleType,
    SupportType,
    WhoFor,
)
from opportunities.models.interest import ExpressionOfInterest, InterestStatusChange
from opportunities.models.invitations import OrganisationInvitation
from opportunities.models.opportunities import (
    OpportunityIndexPage,
    OpportunityPage,
    OutcomeReport,
)
from opportunities.models.organisations import (
    OrganisationIndexPage,
    OrganisationMembership,
    OrganisationPage,
)

__all__ = [
    "AvailabilityChoice",
    "ExpressionOfInterest",
    "FeeUnit",
    "Format",
    "InterestStatus",
    "InterestStatusChange",
    "InvolvementLevel",
    "OpportunityIndexPage",
    "OpportunityPage",
    "OrganisationIndexPage",
    "OrganisationInvitation",
    "OrganisationMembership",
    "OrganisationPage",
    "OrganisationType",
    "OutcomeReport",
    "PaymentPreference",
    "RoleType",
    "SupportType",
    "WhoFor",
]
