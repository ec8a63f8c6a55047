"""Demo guides and resources, written in our own words. Summaries describe; they never copy."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from core.models import Topic
from home.models import HomeFeaturedResource, ResourceIndexPage, ResourcePage, StandardPage


def rich(text):
    return RichText(text)


def steps(title, items):
    return (
        "steps",
        {"title": title, "steps": [{"heading": h, "text": rich(f"<p>{t}</p>")} for h, t in items]},
    )


def questions(items):
    return (
        "questions",
        {"items": [{"question": q, "answer": rich(f"<p>{a}</p>")} for q, a in items]},
    )


def callout(title, text, tone="info"):
    return ("callout", {"title": title, "text": rich(f"<p>{text}</p>"), "tone": tone})


def easy_read(rows):
    return ("easy_read", {"rows": [{"image": None, "image_text": "", "text": row} for row in rows]})


GUIDES = [
    (
        "Getting involved",
        "getting-involved",
        "What involvement is, what to expect, and your rights under the 4Pi standards.",
        [
            (
                "paragraph",
                rich(
                    "<p>Involvement means using your experience of mental distress and of services "
                    "to change how services, research and policy work. It can be one meeting or a "
                    "long-term role, paid or voluntary, online or in person.</p>"
                ),
            ),
            steps(
                "How it usually goes",
                [
                    (
                        "Find a role",
                        "Search the opportunities, or tell us what you are looking "
                        "for and see the roles that fit you, with the reasons.",
                    ),
                    (
                        "Ask questions first",
                        "Before you say yes, ask what the role is for, what "
                        "it can and cannot change, what it pays and what support there is.",
                    ),
                    (
                        "Express interest",
                        "Say why you are interested. You choose whether to share "
                        "your access needs, and how you would like to be paid.",
                    ),
                    (
                        "Hear back",
                        "Organisations should tell you what happens next. If you are "
                        "not chosen, you should still be told.",
                    ),
                    (
                        "Hear what changed",
                        "Afterwards, organisations should tell you what "
                        "difference your involvement made, and what did not change and why.",
                    ),
                ],
            ),
            callout(
                "Your rights under the 4Pi standards",
                "A clear purpose, at least two people with lived experience in any meeting, "
                "fair pay or expenses, support and access, and feedback on the impact.",
                "important",
            ),
            questions(
                [
                    (
                        "Do I have to tell them my diagnosis?",
                        "No. You decide what you share. A role "
                        "description should say what experience it is looking for.",
                    ),
                    (
                        "Can I stop if it is not right for me?",
                        "Yes. You can withdraw at any time, "
                        "and you should still be paid for the time you gave.",
                    ),
                ]
            ),
            easy_read(
                [
                    "Involvement means using your experience to make services better.",
                    "You can choose what to share about yourself.",
                    "You should be told what happens to your ideas.",
                ]
            ),
        ],
    ),
    (
        "Payment, expenses and your benefits",
        "payment-and-benefits",
        "What to ask before you start, choosing expenses only or a lower fee, and a letter for "
        "your benefits adviser.",
        [
            (
                "paragraph",
                rich(
                    "<p>Being paid for involvement is fair, but payments can affect some benefits. "
                    "You can still take part: you can choose how you are paid, and good "
                    "organisations will help you check first.</p>"
                ),
            ),
            steps(
                "Before you start",
                [
                    (
                        "Ask what it pays",
                        "The fee, whether it is per hour, session or day, and "
                        "how many days it takes to be paid.",
                    ),
                    (
                        "Ask about expenses",
                        "Travel, childcare and carer or personal assistant "
                        "costs, and whether travel can be booked for you so you are not out of pocket.",
                    ),
                    (
                        "Choose how you are paid",
                        "You can ask for expenses only, a lower fee, or "
                        "vouchers, if a fee would affect your benefits.",
                    ),
                    (
                        "Ask for a letter",
                        "A letter explaining the role and payments can help when "
                        "you talk to your benefits adviser or Jobcentre.",
                    ),
                ],
            ),
            callout(
                "Get advice that is independent",
                "A welfare rights adviser, Citizens Advice or a benefits charity can check "
                "your situation. This guide is general information, not advice.",
                "money",
            ),
            questions(
                [
                    (
                        "Will one payment stop my benefits?",
                        "It depends on the benefit and on how "
                        "much and how often you are paid. Check with an adviser before you start.",
                    ),
                    (
                        "Do I have to report expenses?",
                        "Expenses that repay what you spent are "
                        "usually treated differently from fees. Keep receipts and ask an adviser.",
                    ),
                ]
            ),
        ],
    ),
    (
        "Starting a user-led group",
        "starting-a-user-led-group",
        "First steps for people who want to start a group run by and for people with lived "
        "experience.",
        [
            (
                "paragraph",
                rich(
                    "<p>A user-led group is run by people with lived experience, for each other. "
                    "Groups can be small and informal, or grow into organisations.</p>"
                ),
            ),
            steps(
                "First steps",
                [
                    (
                        "Find your people",
                        "Two or three people who share the idea are enough to begin.",
                    ),
                    (
                        "Agree what you are for",
                        "Write down in a few sentences who the group is for and what it will do.",
                    ),
                    (
                        "Find a place",
                        "A free room in a library or community centre, or meet online.",
                    ),
                    (
                        "Agree how you will run it",
                        "Simple ground rules, how decisions are made, "
                        "and how people can raise concerns.",
                    ),
                    (
                        "List your group",
                        "Add it to the directory on this site so people can find you.",
                    ),
                ],
            ),
            questions(
                [
                    (
                        "Do we need to be a charity?",
                        "No. Many groups never register. If you want "
                        "to apply for funding, a bank account and a simple constitution help.",
                    ),
                ]
            ),
        ],
    ),
    (
        "The 4Pi standards for organisations",
        "4pi-standards-for-organisations",
        "How organisations can involve people well: Principles, Purpose, Presence, Process "
        "and Impact.",
        [
            (
                "paragraph",
                rich(
                    "<p>The 4Pi National Involvement Standards describe good involvement. This "
                    "platform checks every advert against them and shows the checks to people "
                    "deciding whether to apply.</p>"
                ),
            ),
            steps(
                "What each standard asks of you",
                [
                    ("Principles", "Respect, equality and openness in everything you do."),
                    (
                        "Purpose",
                        "Say why involvement is happening, what it can change and what it cannot.",
                    ),
                    (
                        "Presence",
                        "Know who is involved, at every level, and have at least two "
                        "people with lived experience in any meeting.",
                    ),
                    (
                        "Process",
                        "Pay fairly and promptly, protect people's benefits, send papers "
                        "in good time, meet access needs and offer support.",
                    ),
                    (
                        "Impact",
                        "Tell people what changed because of their involvement, and what "
                        "did not and why.",
                    ),
                ],
            ),
            callout(
                "Before you advertise",
                "The organisation portal shows a live 4Pi checklist while you write a role.",
                "info",
            ),
        ],
    ),
]

RESOURCES = [
    # (title, type, publisher, year, topics, audiences, link, summary)
    (
        "Co-production: what it is and how to do it",
        "guide",
        "Social Care Institute for Excellence",
        2022,
        ["Peer support"],
        "LO",
        "https://www.scie.org.uk/",
        "An introduction to working as equal partners with people who use services, with "
        "examples of what changes when co-production is done well.",
    ),
    (
        "UK Standards for Public Involvement",
        "standard",
        "NIHR and partners",
        2019,
        ["Research"],
        "LO",
        "https://www.nihr.ac.uk/",
        "Six standards for involving the public in health and care research, with questions "
        "teams can use to check their own practice.",
    ),
    (
        "Payment guidance for researchers and professionals",
        "guide",
        "NIHR",
        2024,
        ["Research", "Welfare benefits"],
        "O",
        "https://www.nihr.ac.uk/",
        "How research teams should pay people for involvement, with rates, expenses and the "
        "effect of payments on welfare benefits.",
    ),
    (
        "Payment guidance for members of the public",
        "guide",
        "NIHR",
        2024,
        ["Research", "Welfare benefits"],
        "L",
        "https://www.nihr.ac.uk/",
        "The same payment guidance written for people being paid: what to ask, and where to "
        "get advice about benefits.",
    ),
    (
        "Influence and participation toolkit",
        "toolkit",
        "Mind",
        2021,
        ["Peer support"],
        "GO",
        "https://www.mind.org.uk/",
        "Practical tools for involving people with lived experience in running an "
        "organisation, from recruitment to feedback.",
    ),
    (
        "Beyond diagnosis: person-centred support",
        "report",
        "Shaping Our Lives",
        2020,
        ["Racism and mental health"],
        "LGO",
        "https://shapingourlives.org.uk/",
        "A report from a user-led organisation on support that starts from the person, not "
        "the label, with recommendations for services.",
    ),
    (
        "Welfare benefits and involvement payments",
        "guide",
        "Turn2us",
        2023,
        ["Welfare benefits"],
        "L",
        "https://www.turn2us.org.uk/",
        "A plain explanation of how fees and expenses can be treated by different benefits, "
        "and how to check before you agree.",
    ),
    (
        "Check what benefits you can get",
        "link",
        "Citizens Advice",
        2025,
        ["Welfare benefits"],
        "L",
        "https://www.citizensadvice.org.uk/",
        "Independent advice on benefits, including what to do if payments change.",
    ),
    (
        "Starting a peer support group",
        "guide",
        "Mind",
        2022,
        ["Peer support"],
        "LG",
        "https://www.mind.org.uk/",
        "A step-by-step guide to setting up and running a peer support group safely.",
    ),
    (
        "Peer support values",
        "standard",
        "National Survivor User Network",
        2023,
        ["Peer support"],
        "LG",
        "https://www.nsun.org.uk/",
        "What makes peer support different, in the words of people who give and receive it.",
    ),
    (
        "The 4Pi National Involvement Standards",
        "standard",
        "National Survivor User Network",
        2015,
        ["Peer support"],
        "LGO",
        "https://www.nsun.org.uk/",
        "The standards this site is built on: Principles, Purpose, Presence, Process and "
        "Impact, with practical checks for each.",
    ),
    (
        "Writing a role description",
        "template",
        "National Survivor User Network",
        2025,
        [],
        "O",
        "",
        "A template for organisations: purpose, what the person would do, money, "
        "support, access and what happens next.",
    ),
    (
        "Involvement payment record",
        "template",
        "National Survivor User Network",
        2025,
        ["Welfare benefits"],
        "L",
        "",
        "A simple record to keep track of fees and expenses, to "
        "share with a benefits adviser if you need to.",
    ),
    (
        "Your rights under the Mental Health Act",
        "guide",
        "Mind",
        2024,
        ["Mental Health Act"],
        "L",
        "https://www.mind.org.uk/",
        "A clear guide to detention, community treatment orders, tribunals and advocacy.",
    ),
    (
        "Getting an independent mental health advocate",
        "link",
        "VoiceAbility",
        2024,
        ["Mental Health Act"],
        "L",
        "https://www.voiceability.org/",
        "How to get an advocate if you are detained or on a community treatment order.",
    ),
    (
        "Hearing voices groups",
        "link",
        "Hearing Voices Network",
        2024,
        ["Psychosis"],
        "LG",
        "https://www.hearing-voices.org/",
        "A directory and guide to groups where people who hear voices support each other.",
    ),
    (
        "Talking about self-harm",
        "guide",
        "Harmless",
        2023,
        ["Self-harm"],
        "L",
        "https://harmless.org.uk/",
        "Information written with people who self-harm, for them and the people around them.",
    ),
    (
        "Coming off psychiatric drugs safely",
        "guide",
        "Mind",
        2023,
        ["Medication"],
        "L",
        "https://www.mind.org.uk/",
        "What to think about before reducing or stopping medication, and how to get support.",
    ),
    (
        "Racial equity in mental health services",
        "report",
        "Race Equality Foundation",
        2023,
        ["Racism and mental health"],
        "O",
        "https://raceequalityfoundation.org.uk/",
        "Evidence about racism in mental health services and what organisations can change.",
    ),
    (
        "Trauma-informed practice",
        "guide",
        "Office for Health Improvement and Disparities",
        2022,
        ["Trauma"],
        "O",
        "https://www.gov.uk/",
        "A short guide to the principles of trauma-informed care for people who design and "
        "run services.",
    ),
    (
        "Making information easy to read",
        "guide",
        "Mencap",
        2022,
        [],
        "GO",
        "https://www.mencap.org.uk/",
        "How to write easy read information with short sentences and pictures, and how to test "
        "it with the people it is for.",
    ),
    (
        "Accessible meetings checklist",
        "template",
        "National Survivor User Network",
        2025,
        [],
        "GO",
        "",
        "A checklist for meetings that work for everyone: papers in time, breaks, "
        "step-free rooms, captions and quiet spaces.",
    ),
    (
        "Involving carers",
        "guide",
        "Carers Trust",
        2022,
        [],
        "O",
        "https://carers.org/",
        "How to include carers as partners in planning and reviewing "
        "services, and how to support them to take part.",
    ),
    (
        "Lived experience leadership",
        "report",
        "Synergi Collaborative Centre",
        2021,
        ["Racism and mental health"],
        "LO",
        "https://synergicollaborativecentre.co.uk/",
        "Why leadership by people with lived experience matters, and what gets in its way.",
    ),
    (
        "Mental health and work",
        "link",
        "Access to Work (GOV.UK)",
        2025,
        ["Employment"],
        "L",
        "https://www.gov.uk/access-to-work",
        "Support and grants that can help if your mental health affects your work.",
    ),
    (
        "Setting up a constitution for a small group",
        "template",
        "Resource Centre",
        2021,
        [],
        "G",
        "https://www.resourcecentre.org.uk/",
        "A model constitution for small community groups, with notes on each part.",
    ),
    (
        "Peer research: a practical guide",
        "guide",
        "McPin Foundation",
        2022,
        ["Research"],
        "LO",
        "https://mcpin.org/",
        "How peer researchers with lived experience can lead and shape mental health research.",
    ),
    (
        "Evaluating involvement",
        "toolkit",
        "National Survivor User Network",
        2024,
        [],
        "O",
        "https://www.nsun.org.uk/",
        "Questions and simple tools to find out whether involvement made a difference.",
    ),
    (
        "Crisis support you can contact now",
        "link",
        "Samaritans",
        2025,
        ["Crisis care"],
        "L",
        "https://www.samaritans.org/",
        "Samaritans answer the phone day and night, free on 116 123.",
    ),
    (
        "Understanding perinatal mental health",
        "video",
        "Maternal Mental Health Alliance",
        2023,
        ["Perinatal mental health"],
        "LO",
        "https://maternalmentalhealthalliance.org/",
        "Short films from parents about mental health during pregnancy and after birth.",
    ),
    (
        "Eating disorders: getting help early",
        "guide",
        "Beat",
        2024,
        ["Eating disorders"],
        "L",
        "https://www.beateatingdisorders.org.uk/",
        "How to recognise the signs and where to get support, for people and their families.",
    ),
]

AUDIENCE_CODES = {"L": "for_lived_experience", "G": "for_groups", "O": "for_organisations"}
FEATURED = [
    "The 4Pi National Involvement Standards",
    "Payment guidance for members of the public",
    "Starting a peer support group",
    "Writing a role description",
]


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
    for title, kind, publisher, year, topic_names, audiences, link, summary in RESOURCES:
        if ResourcePage.objects.filter(title=title).exists():
            continue
        resource = ResourcePage(
            title=title,
            summary=summary,
            resource_type=kind,
            publisher=publisher,
            year=year,
            external_url=link,
            document=None if link else _template_document(title),
            **{field: code in audiences for code, field in AUDIENCE_CODES.items()},
        )
        library.add_child(instance=resource)
        resource.topics.set([topics[name] for name in topic_names if name in topics])
        resource.save_revision().publish()

    if not home.featured_resources.exists():
        for order, title in enumerate(FEATURED):
            HomeFeaturedResource.objects.create(
                home=home, resource=ResourcePage.objects.get(title=title), sort_order=order
            )
    context.report.append(f"{len(GUIDES)} guides and {len(RESOURCES)} resources")
