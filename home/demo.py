"""Demo home page, standard pages, guides and resources for `seed_demo`.

The content, in our own words (summaries describe; they never copy), is home/demo_data/
content.json; the rows are made by home.factories. Page bodies there are StreamField data in
core.blocks.BodyBlock's terms, with list items (steps, questions, easy read rows) as bare values;
`_body` turns them into blocks, which get their ids when the page is saved. (Items written as
{"type": "item", "value": ...} without an id would be read as values themselves, and show as
"None".)
"""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from core.blocks import BodyBlock
from core.models import Topic
from home.factories import ResourcePageFactory, StandardPageFactory
from home.models import HomeFeaturedResource, ResourceIndexPage, ResourcePage

CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())


def _body(data):
    """StreamField data as blocks, so that it is stored as an editor's save stores it: every
    list item with its type and id."""
    blocks = BodyBlock().child_blocks
    return [(item["type"], blocks[item["type"]].to_python(item["value"])) for item in data]


def guides():
    """[(title, slug, summary, body blocks)] of the demo guides, in the data file's order."""
    return [
        (guide["title"], guide["slug"], guide["summary"], _body(guide["body"]))
        for guide in CONTENT["guides"]
    ]


def build_home_page(context):
    home = context.home
    for name, value in CONTENT["home_page"].items():
        setattr(home, name, _body(value) if name == "body" else value)
    home.save_revision().publish()


def build_standard_pages(context):
    for page in CONTENT["standard_pages"]:
        if context.home.get_children().filter(slug=page["slug"]).exists():
            continue
        StandardPageFactory(
            parent=context.home,
            title=page["title"],
            slug=page["slug"],
            listing_summary=page["summary"],
            body=_body([{"type": "paragraph", "value": text} for text in page["paragraphs"]]),
            show_in_menus=page["slug"] == "about",
        )
    context.report.append(f"{len(CONTENT['standard_pages'])} standard pages")


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


def _library(home):
    """The resources section; made here when `setup_site` has not run (the browser tests)."""
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
    return library


def build_guides_and_resources(context):
    home = context.home
    for guide in CONTENT["guides"]:
        if home.get_children().filter(slug=guide["slug"]).exists():
            continue
        StandardPageFactory(
            parent=home,
            title=guide["title"],
            slug=guide["slug"],
            listing_summary=guide["summary"],
            body=_body(guide["body"]),
        )
    library = _library(home)
    topics = {topic.name: topic for topic in Topic.objects.all()}
    for resource in CONTENT["resources"]:
        title, link = resource["title"], resource["external_url"]
        if ResourcePage.objects.filter(title=title).exists():
            continue
        ResourcePageFactory(
            parent=library,
            title=title,
            summary=resource["summary"],
            resource_type=resource["resource_type"],
            publisher=resource["publisher"],
            year=resource["year"],
            external_url=link,
            document=None if link else _template_document(title),
            topics=[topics[name] for name in resource["topics"] if name in topics],
            **{
                f"for_{audience}": audience in resource["for"]
                for audience in ("lived_experience", "groups", "organisations")
            },
        )
    if not home.featured_resources.exists():
        for order, title in enumerate(CONTENT["featured"]):
            HomeFeaturedResource.objects.create(
                home=home, resource=ResourcePage.objects.get(title=title), sort_order=order
            )
    context.report.append(
        f"{len(CONTENT['guides'])} guides and {len(CONTENT['resources'])} resources"
    )
