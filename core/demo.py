"""Demo content for `manage.py seed_demo`: deterministic from a seed, written in our own words.

Each app declares its builders on its AppConfig (`demo_builders`, core.demo_steps); core's own
(accounts, taxonomies, site settings, footer links, the closing count) are declared the same way,
and all run in their declared order.
"""

import functools
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from core.demo_steps import declared_demo_steps
from core.models import Community, SiteSettings, Topic
from core.sections import setup_site

TOPICS = [
    (
        "Crisis care",
        "Help when things are at their worst, including crisis teams and crisis houses.",
    ),
    ("Psychosis", "Hearing voices, unusual beliefs and experiences, and the services around them."),
    ("Self-harm", "Support and services for people who self-harm."),
    ("Suicide prevention", "Work to prevent suicide and support people affected by it."),
    ("Eating disorders", "Anorexia, bulimia, binge eating and related support."),
    ("Trauma", "Trauma-informed services and support after traumatic experiences."),
    ("Perinatal mental health", "Mental health during pregnancy and after birth."),
    ("Housing", "Somewhere safe and settled to live."),
    ("Welfare benefits", "Money, benefits and the effect of payment for involvement."),
    ("Mental Health Act", "Detention, community treatment orders and rights under the Act."),
    ("Secure and forensic settings", "Secure hospitals, prisons and forensic services."),
    ("Racism and mental health", "Racism in and around mental health services."),
    ("Research", "Mental health research and how people with lived experience shape it."),
    ("Peer support", "People with lived experience supporting each other."),
    ("Medication", "Psychiatric drugs, their effects and coming off them."),
    ("Employment", "Work, volunteering and getting back to work."),
]

COMMUNITIES = [
    ("Black and minority ethnic communities", "Racialised communities, led by and for them."),
    ("LGBTQ+ people", "Lesbian, gay, bisexual, trans and queer people."),
    ("Deaf people", "Deaf people and people who use British Sign Language."),
    ("Disabled people", "People with physical, sensory or learning disabilities."),
    ("Young people", "People aged roughly 16 to 25."),
    ("Older people", "People aged 65 and over."),
    ("Women", "Women and women-only spaces."),
    ("Men", "Men and men-only spaces."),
    ("Carers", "Family members and friends who give unpaid care."),
    ("Refugees and people seeking asylum", "People who have had to leave their home country."),
    (
        "People in or leaving secure settings",
        "People in secure hospitals or prisons, or recently left.",
    ),
    ("Neurodivergent people", "Autistic people, people with ADHD and other neurodivergent people."),
]

PASSWORD_WORDS = [
    "harbour",
    "meadow",
    "lantern",
    "river",
    "orchard",
    "compass",
    "willow",
    "kestrel",
    "pebble",
    "heather",
    "beacon",
    "thistle",
    "juniper",
    "otter",
    "bramble",
    "skylark",
]


@dataclass
class DemoContext:
    """What the builders share: the seed, the pages made so far, lines to print.

    Each builder takes its own random source from `random_for(name)`, so adding or changing one
    builder does not reshuffle the data the others make.
    """

    seed: int
    home: Page
    staff_password: str
    member_password: str
    report: list[str] = field(default_factory=list)

    def random_for(self, name):
        return random.Random(f"{name}-{self.seed}")


def demo_password(rng):
    words = [rng.choice(PASSWORD_WORDS) for _ in range(3)]
    return "-".join(words) + f"-{rng.randint(10, 99)}"


STAFF_EMAIL = "staff@example.org"
MEMBER_EMAIL = "member@example.org"


def demo_credentials(seed):
    """The demo logins are derived from the seed, so they can be printed again on every run."""
    rng = random.Random(f"credentials-{seed}")
    return {STAFF_EMAIL: demo_password(rng), MEMBER_EMAIL: demo_password(rng)}


@functools.cache
def _hashed(password):
    """Hashing takes a quarter of a second by design; the demo accounts share two passwords."""
    return make_password(password)


def create_verified_user(*, email, password, display_name, is_superuser=False):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if is_superuser else User.objects.create_user
        user = create(email, None, display_name=display_name)
        user.password = _hashed(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def build_accounts(context):
    create_verified_user(
        email=STAFF_EMAIL,
        password=context.staff_password,
        display_name="NSUN staff (demo)",
        is_superuser=True,
    )
    create_verified_user(
        email=MEMBER_EMAIL, password=context.member_password, display_name="Sam (demo member)"
    )


def build_taxonomies(context):
    for name, description in TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"description": description})
    for name, description in COMMUNITIES:
        Community.objects.get_or_create(name=name, defaults={"description": description})
    context.report.append(f"{len(TOPICS)} topics and {len(COMMUNITIES)} communities")


def build_site_settings(context):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "National Survivor User Network (NSUN)"
    settings.contact_email = "network@example.org"
    settings.contact_phone = "020 0000 0000"
    settings.charity_number = "0000000 (demo)"
    settings.save()


def build_footer_links(context):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if settings.footer_links:
        return
    slugs = ["about", "getting-involved", "payment-and-benefits", "accessibility", "privacy"]
    pages = {page.slug: page for page in context.home.get_children().filter(slug__in=slugs)}
    settings.footer_links = [
        ("page", {"page": pages[slug], "label": ""}) for slug in slugs if slug in pages
    ]
    settings.save()


def build_summary(context):
    """The count of accounts once every builder has run, so the summary is true."""
    context.report.append(f"In all: {get_user_model().objects.count()} accounts")


def demo_is_present():
    return get_user_model().objects.filter(email=STAFF_EMAIL).exists()


def seed_demo(*, seed=4, progress=None):
    """Build the whole demo site. Running it twice adds nothing new.

    progress(step name, [lines the step reported]) is called as each step ends.
    """
    # Emails the services queue go after commit, so the commit happens inside the override:
    # moderation, claim and alert emails to the demo accounts would bury the logins printed after.
    quiet_email = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with quiet_email, transaction.atomic(), _index_once():
        return _seed_demo(seed=seed, progress=progress)


@contextmanager
def _index_once():
    """Update the search index once per model and Wagtail's reference index once per saved
    row, at the end.

    A page is saved three times as it is made (created, revised, published) and each save queues
    both index updates; one update per row at the end makes the seed's queries 11% fewer, and
    one bulk search index write per model (as `update_index` makes) 5% fewer again (1,492 of
    28,738 on SQLite), with the same index entries.
    """
    # modelsearch connects its handler only to indexed models; disconnect says where it was.
    search_indexed = {
        model
        for model in apps.get_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    }
    saved = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(sender, instance.pk)] = sender

    post_save.connect(remember, weak=False, dispatch_uid="demo_index_once")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo_index_once")
        for model in search_indexed:
            post_save.connect(post_save_signal_handler, sender=model)
    rows = defaultdict(list)
    for model, pk in saved:
        rows[model].append(pk)
    for model, pks in rows.items():
        if model in search_indexed:
            # One bulk write per model, as `update_index` makes, rather than one per row.
            indexed = model.get_indexed_objects().filter(pk__in=pks)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, indexed)
        if model in ReferenceIndex.tracked_models:
            for pk in pks:
                update_reference_index_task.enqueue(
                    model._meta.app_label, model._meta.model_name, str(pk)
                )


def _seed_demo(*, seed, progress):
    credentials = demo_credentials(seed)
    setup_site()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if home is None:
        raise RuntimeError("There is no home page: run `manage.py migrate` first.")
    context = DemoContext(
        seed=seed,
        home=home,
        staff_password=credentials[STAFF_EMAIL],
        member_password=credentials[MEMBER_EMAIL],
    )
    for step in declared_demo_steps():
        already = len(context.report)
        step.load()(context)
        if progress and step.progress:
            progress(step.name, context.report[already:])
    return context
