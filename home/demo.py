"""Demo guides and resources, written in our own words. Summaries describe; they never copy."""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from core.models import Topic
from home.models import HomeFeaturedResource, ResourceIndexPage, ResourcePage, StandardPage

# The content, in our own words: standard pages, guides (their bodies in Wagtail's stored block
# format), resources and the ones the home page features.
CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())
STANDARD_PAGES = CONTENT["standard_pages"]
GUIDES = [(g["title"], g["slug"], g["summary"], g["body"]) for g in CONTENT["guides"]]
RESOURCES = CONTENT["resources"]
FEATURED = CONTENT["featured"]
AUDIENCE_CODES = {"L": "for_lived_experience", "G": "for_groups", "O": "for_organisations"}


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


def build_standard_pages(context):
    for entry in STANDARD_PAGES:
        title, slug, summary = entry["title"], entry["slug"], entry["summary"]
        if context.home.get_children().filter(slug=slug).exists():
            continue
        page = StandardPage(
            title=title,
            slug=slug,
            listing_summary=summary,
            introduction=f"<p>{summary}</p>",
            body=[paragraph(text) for text in entry["paragraphs"]],
            show_in_menus=slug == "about",
        )
        context.home.add_child(instance=page)
        page.save_revision().publish()
    context.report.append(f"{len(STANDARD_PAGES)} standard pages")


def _template_document(title):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    text = (
        f"{title}\n\nA template from the National Survivor User Network demo site.\n"
        "Fill in each heading, keep it short, and use plain words.\n"
    )
    document = Document(title=title)
    document.file.save(f"{title.lower().replace(' ', '-')}.txt", ContentFile(text.encode()))
    document.save()
    return document


def build_guides_and_resources(context):
    home = context.home
    for title, slug, summary, body in GUIDES:
        if home.get_children().filter(slug=slug).exists():
            continue
        page = StandardPage(
            title=title,
            slug=slug,
            listing_summary=summary,
            introduction=f"<p>{summary}</p>",
            body=body,
        )
        home.add_child(instance=page)
        page.save_revision().publish()

    library = ResourceIndexPage.objects.first()
    if library is None:
        library = ResourceIndexPage(
            title="Guides and resources",
            slug="resources",
            introduction="Guides, toolkits and links we recommend, each summarised in plain "
            "words. Filter by type, topic or who it is for.",
            show_in_menus=True,
        )
        home.add_child(instance=library)
        library.save_revision().publish()
    topics = {topic.name: topic for topic in Topic.objects.all()}
    for entry in RESOURCES:
        title, link = entry["title"], entry["link"]
        if ResourcePage.objects.filter(title=title).exists():
            continue
        resource = ResourcePage(
            title=title,
            summary=entry["summary"],
            resource_type=entry["type"],
            publisher=entry["publisher"],
            year=entry["year"],
            external_url=link,
            document=None if link else _template_document(title),
            **{field: code in entry["audiences"] for code, field in AUDIENCE_CODES.items()},
        )
        library.add_child(instance=resource)
        resource.topics.set([topics[name] for name in entry["topics"] if name in topics])
        resource.save_revision().publish()

    if not home.featured_resources.exists():
        for order, title in enumerate(FEATURED):
            HomeFeaturedResource.objects.create(
                home=home, resource=ResourcePage.objects.get(title=title), sort_order=order
            )
    context.report.append(f"{len(GUIDES)} guides and {len(RESOURCES)} resources")
