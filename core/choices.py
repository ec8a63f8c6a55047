"""Choices more than one app's records use."""

from django.db import models


class WhoFor(models.TextChoices):
    """Whom an opportunity or a listing is for (NSUN's service users and survivors, carers)."""

    SERVICE_USERS = "service_users", "Service users and survivors"
    CARERS = "carers", "Carers"
    BOTH = "both", "Service users, survivors and carers"
