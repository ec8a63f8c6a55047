"""The fixed vocabularies of the 4Pi standards. Values are the import format's keys."""

from django.db import models

from core.choices import WhoFor  # noqa: F401 - shared with the directory; part of this vocabulary


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    CHARITY = "charity", "Charity"
    RESEARCH_TEAM = "research_team", "Research team"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    USER_LED = "user_led", "User-led organisation"
    COMMISSIONER = "commissioner", "Commissioner"
    OTHER = "other", "Other"


class RoleType(models.TextChoices):
    AMBASSADOR = "ambassador", "Ambassador"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"
    CO_WORKER = "co_worker", "Co-worker"
    CONSULTANT = "consultant", "Consultant"
    EXPERT_BY_EXPERIENCE = "expert_by_experience", "Expert by experience"
    PEER_RESEARCHER = "peer_researcher", "Peer reviewer or researcher"
    OTHER = "other", "Other"


class InvolvementLevel(models.TextChoices):
    INDIVIDUAL_CARE = "individual_care", "Individual care and treatment"
    COMMUNITY = "community", "Community"
    OPERATIONAL = "operational", "Services, projects, training and education"
    STRATEGIC = "strategic", "Strategy: commissioning, policy and service development"
    MONITORING_EVALUATION = "monitoring_evaluation", "Monitoring and evaluation"
    RESEARCH = "research", "Research"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person or online)"


class FeeUnit(models.TextChoices):
    HOUR = "hour", "an hour"
    SESSION = "session", "a session"
    DAY = "day", "a day"


class AvailabilityChoice(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", "Weekday daytimes"
    WEEKDAY_EVENING = "weekday_evening", "Weekday evenings"
    WEEKEND = "weekend", "Weekends"


class SupportType(models.TextChoices):
    ADMIN = "admin", "Help with admin and paperwork"
    SUPERVISION = "supervision", "Supervision"
    EMOTIONAL = "emotional", "Emotional support"
    PEER = "peer", "Peer support"
    TRAINING = "training", "Training"
    BRIEFING = "briefing", "Briefing before meetings"


class PaymentPreference(models.TextChoices):
    FULL_FEE = "full_fee", "The full fee"
    LOWER_FEE = "lower_fee", "A lower fee"
    EXPENSES_ONLY = "expenses_only", "Expenses only (for example to protect my benefits)"
    VOUCHERS = "vouchers", "Vouchers"
    NOT_SURE = "not_sure", "I am not sure yet; I would like to talk about it"


class InterestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Sent"
    ACKNOWLEDGED = "acknowledged", "Seen by the organisation"
    SHORTLISTED = "shortlisted", "Shortlisted"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected this time"
    WITHDRAWN = "withdrawn", "Withdrawn"
