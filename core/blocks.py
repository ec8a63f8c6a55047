"""StreamField blocks that editors reuse across pages."""

from wagtail import blocks

HEADING_LEVELS = [("h2", "Level 2 heading"), ("h3", "Level 3 heading"), ("h4", "Level 4 heading")]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2")

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for something people must not miss."""

    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("important", "Important"), ("money", "Money")],
        default="info",
    )

    class Meta:
        icon = "warning"
        template = "components/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ul", "ol"]
    )
    callout = CalloutBlock()

    class Meta:
        template = "components/blocks/body.html"
