"""Demo content for `manage.py seed_demo`: deterministic from a seed, written in our own words.

Each app adds its own builder to DEMO_BUILDERS as it gains demo data; they run in order.
"""

import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Site
from wagtail.rich_text import RichText

from core.models import Community, SiteSettings, Topic
from core.sections import setup_site
from groups.demo import build_groups_and_peer_support
from home.demo import build_guides_and_resources
from home.models import HomePage, StandardPage
from involvement.demo import build_involvement_extras, build_involvement_records
from monitoring.demo import build_monitoring_records
from opportunities.demo import build_organisations_and_opportunities

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
    home: HomePage
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


def create_verified_user(*, email, password, display_name, is_superuser=False):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        if is_superuser:
            user = User.objects.create_superuser(email, password, display_name=display_name)
        else:
            user = User.objects.create_user(email, password, display_name=display_name)
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


def paragraph(text):
    return ("paragraph", RichText(text))


def build_home_page(context):
    home = context.home
    home.title = "Find involvement that fits you"
    home.listing_summary = (
        "Involvement opportunities, user-led groups and peer support for people with lived "
        "experience of mental distress, matched to what you want and explained in plain words."
    )
    home.introduction = (
        "<p>The NSUN 4Pi Network connects people with lived experience of mental distress and "
        "of mental health services with involvement that is meaningful, paid fairly and "
        "properly supported, and with user-led groups and peer support near them or online.</p>"
    )
    home.body = [
        ("heading", {"text": "What you can do here", "level": "h2"}),
        paragraph(
            "<ul><li>Find involvement opportunities that fit your interests, your access needs "
            "and your situation with benefits.</li><li>Find a user-led group or peer support "
            "near you or online.</li><li>List your group, or advertise an involvement role "
            "that meets the 4Pi National Involvement Standards.</li></ul>"
        ),
        (
            "callout",
            {
                "title": "Money and benefits",
                "text": RichText(
                    "<p>Every opportunity says up front what it pays, what expenses are "
                    "covered and whether you can choose expenses only to protect your "
                    "benefits.</p>"
                ),
                "tone": "money",
            },
        ),
    ]
    home.save_revision().publish()


STANDARD_PAGES = [
    (
        "About the network",
        "about",
        "Who runs the network, what it is for and the 4Pi standards behind it.",
        [
            "<p>The National Survivor User Network (NSUN) is a network of people with lived "
            "experience of mental distress and of mental health services. This platform is "
            "one of the ways the network connects people, groups and organisations.</p>",
            "<p>Everything here follows the 4Pi National Involvement Standards: Principles, "
            "Purpose, Presence, Process and Impact. In short: involvement should have a clear "
            "purpose, include people at every level, be run fairly and supportively, and "
            "make a difference that people hear about afterwards.</p>",
        ],
    ),
    (
        "Accessibility statement",
        "accessibility",
        "How we make this website usable for everyone, and how to tell us about problems.",
        [
            "<p>We want everyone to be able to use this website. It aims to meet the Web "
            "Content Accessibility Guidelines (WCAG) 2.2 at level AA. You should be able to "
            "use it with a keyboard alone, with a screen reader, and zoomed up to 400%.</p>",
            "<p>If something does not work for you, please tell us using the contact details "
            "at the bottom of every page and we will reply within 5 working days.</p>",
        ],
    ),
    (
        "Privacy notice",
        "privacy",
        "What we hold about you, why, who sees it and how to have it deleted.",
        [
            "<p>We hold the least we can. To have an account you give us an email address "
            "and a password. Anything else, such as your interests or your postcode area, "
            "is optional and used only to find opportunities that fit you.</p>",
            "<p>Questions about who you are (for example ethnicity or disability) are always "
            "optional, asked separately with your consent, and kept apart from your name. "
            "Organisations only ever see totals, never your answers.</p>",
        ],
    ),
]


def build_standard_pages(context):
    for title, slug, summary, paragraphs in STANDARD_PAGES:
        if context.home.get_children().filter(slug=slug).exists():
            continue
        page = StandardPage(
            title=title,
            slug=slug,
            listing_summary=summary,
            introduction=f"<p>{summary}</p>",
            body=[paragraph(text) for text in paragraphs],
            show_in_menus=slug == "about",
        )
        context.home.add_child(instance=page)
        page.save_revision().publish()
    context.report.append(f"{len(STANDARD_PAGES)} standard pages")


def build_summary(context):
    """Totals counted from the database once every builder has run, so the summary is true."""
    from opportunities.models import ExpressionOfInterest

    expressions = ExpressionOfInterest.objects.all()
    by_demo_member = expressions.filter(member__email=MEMBER_EMAIL).count()
    context.report.append(
        f"In all: {get_user_model().objects.count()} accounts and {expressions.count()} "
        f"expressions of interest ({by_demo_member} by the demo member)"
    )


DEMO_BUILDERS = [
    build_accounts,
    build_taxonomies,
    build_site_settings,
    build_home_page,
    build_standard_pages,
    build_organisations_and_opportunities,
    build_involvement_records,
    build_monitoring_records,
    build_involvement_extras,
    build_guides_and_resources,
    build_groups_and_peer_support,
    build_footer_links,
    build_summary,
]


def demo_is_present():
    return get_user_model().objects.filter(email=STAFF_EMAIL).exists()


def seed_demo(*, seed=4, progress=None):
    """Build the whole demo site. Running it twice adds nothing new."""
    # Emails the services queue go after commit, so the commit happens inside the override:
    # moderation, claim and alert emails to the demo accounts would bury the logins printed after.
    quiet_email = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with quiet_email, transaction.atomic():
        return _seed_demo(seed=seed, progress=progress)


def _seed_demo(*, seed, progress):
    credentials = demo_credentials(seed)
    setup_site()
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("There is no home page: run `manage.py migrate` first.")
    context = DemoContext(
        seed=seed,
        home=home,
        staff_password=credentials[STAFF_EMAIL],
        member_password=credentials[MEMBER_EMAIL],
    )
    for builder in DEMO_BUILDERS:
        if progress and builder is not build_summary:
            progress(builder.__name__.removeprefix("build_").replace("_", " "))
        builder(context)
    return context
