"""StreamField blocks that editors reuse across pages."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

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


class StepListBlock(blocks.StructBlock):
    """Numbered steps, each with a short heading and what to do."""

    title = blocks.CharBlock(max_length=120, required=False)
    steps = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("heading", blocks.CharBlock(max_length=120)),
                ("text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ]
        ),
        min_num=1,
    )

    class Meta:
        icon = "list-ol"
        template = "components/blocks/step_list.html"


class QuestionAnswerBlock(blocks.StructBlock):
    """Questions people ask, each answer folded away until wanted (works without JavaScript)."""

    items = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(max_length=200)),
                ("answer", blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])),
            ]
        ),
        min_num=1,
    )

    class Meta:
        icon = "help"
        label = "Questions and answers"
        template = "components/blocks/question_answer.html"


class EasyReadBlock(blocks.StructBlock):
    """Easy read: one short sentence or two per row, with a picture beside each."""

    rows = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("image", ImageChooserBlock(required=False)),
                (
                    "image_text",
                    blocks.CharBlock(max_length=200, required=False, label="Picture description"),
                ),
                (
                    "text",
                    blocks.TextBlock(max_length=300, help_text="Short sentences, one idea each."),
                ),
            ]
        ),
        min_num=1,
    )

    class Meta:
        icon = "image"
        label = "Easy read"
        template = "components/blocks/easy_read.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ul", "ol"]
    )
    callout = CalloutBlock()
    steps = StepListBlock()
    questions = QuestionAnswerBlock()
    easy_read = EasyReadBlock()

    class Meta:
        template = "components/blocks/body.html"


class FooterPageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(max_length=60, required=False, help_text="Leave empty for the title.")

    class Meta:
        icon = "link"
