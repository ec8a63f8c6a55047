from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from core.email_addresses import validate_deliverable_email


class UserManager(BaseUserManager):
    """Accounts are known by email address; there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: member, group admin, organisation member or NSUN staff.

    Only what is needed to sign in and to address people is held here; matching preferences,
    alerts and access needs live in the member profile.
    """

    username = None
    email = models.EmailField("email address", unique=True, validators=[validate_deliverable_email])
    display_name = models.CharField(
        "name to show",
        max_length=80,
        blank=True,
        help_text="How we address you. It does not have to be your full or legal name.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.email

    def get_short_name(self):
        return self.display_name or self.first_name or self.email


class MemberProfile(models.Model):
    """What a member is looking for: it becomes their matching query and their alert.

    Everything is optional; an almost empty profile still gets sensible matches.
    """

    # The travel limits the profile form offers (km, as strings; "" = any distance). Alerts make
    # one distance clause per choice (search.alerts.recipients).
    DISTANCE_CHOICES = [
        ("", "Any distance"),
        ("5", "Up to 5 km (about 3 miles)"),
        ("10", "Up to 10 km (about 6 miles)"),
        ("25", "Up to 25 km (about 15 miles)"),
        ("50", "Up to 50 km (about 30 miles)"),
        ("100", "Up to 100 km (about 60 miles)"),
    ]

    class Who(models.TextChoices):
        SERVICE_USER = "service_user", "Someone with lived experience (service user or survivor)"
        CARER = "carer", "A carer, family member or friend"
        BOTH = "both", "Both"

    class PaymentNeed(models.TextChoices):
        ANY = "any", "Paid or unpaid, either is fine"
        MUST_BE_PAID = "must_be_paid", "I need to be paid"
        MUST_COVER_EXPENSES = "must_cover_expenses", "I need my expenses covered"
        PREFER_EXPENSES_ONLY = (
            "prefer_expenses_only",
            ("I would rather have expenses only, because of my benefits"),
        )

    class AlertFrequency(models.TextChoices):
        OFF = "off", "Do not email me"
        IMMEDIATELY = "immediately", "As soon as one is published"
        DAILY = "daily", "Once a day"
        WEEKLY = "weekly", "Once a week"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    who = models.CharField("I am", max_length=20, choices=Who.choices, blank=True)
    topics = models.ManyToManyField("core.Topic", blank=True, related_name="+")
    communities = models.ManyToManyField("core.Community", blank=True, related_name="+")
    # Lists of values from opportunities.models.choices (InvolvementLevel, RoleType, ...).
    levels = models.JSONField(default=list, blank=True)
    role_types = models.JSONField(default=list, blank=True)
    postcode_district = models.CharField(
        "postcode area", max_length=4, blank=True, help_text="Only the first part, like M1 or LS7."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    max_distance_km = models.PositiveIntegerField(null=True, blank=True)
    online_ok = models.BooleanField("happy to take part online", default=True)
    in_person_ok = models.BooleanField("happy to take part in person", default=True)
    payment_need = models.CharField(
        max_length=30, choices=PaymentNeed.choices, default=PaymentNeed.ANY
    )
    availability = models.JSONField(default=list, blank=True)
    not_before_10 = models.BooleanField("I cannot do meetings before 10am", default=False)
    support_wanted = models.JSONField(default=list, blank=True)
    access_needs = models.TextField("what helps me take part", blank=True, max_length=2000)
    own_words = models.TextField("in your own words", blank=True, max_length=1000)
    alert_frequency = models.CharField(
        max_length=20, choices=AlertFrequency.choices, default=AlertFrequency.OFF
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None
