"""The StreamField blocks every app reuses. One shared stream (`BodyBlock`) serves every `body`."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text='The number as readers see it, e.g. "2,590" or "82%".')
    label = blocks.CharBlock(max_length=200, help_text="What the figure counts, in plain words.")
    source = blocks.CharBlock(
        max_length=255, help_text='Where the figure comes from, e.g. "University of Bristol evaluation".'
    )
    source_url = blocks.URLBlock(required=False, help_text="Link to the source, if it is public.")

    def clean(self, value):
        value = super().clean(value)
        if not any(ch.isdigit() for ch in value["figure"]):
            raise StructBlockValidationError(
                block_errors={"figure": ValidationError("A statistic needs a number in its figure.")}
            )
        return value

    class Meta:
        icon = "success"
        template = "portal/blocks/statistic.html"
        description = "A figure with what it measures and its source"
        preview_value = {
            "figure": "2,590",
            "label": "high-risk perpetrators challenged and supported by July 2021",
            "source": "Drive Partnership",
        }


class StatisticsRowBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    statistics = blocks.ListBlock(StatisticBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "portal/blocks/statistics_row.html"
        description = "A row of up to six statistics"
        preview_value = {
            "heading": "Drive by July 2021",
            "statistics": [
                {"figure": "2,590", "label": "perpetrators", "source": "Drive Partnership"},
                {"figure": "4,841", "label": "children", "source": "Drive Partnership"},
            ],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"
        description = "A quotation with who said it"
        preview_value = {"quote": "Why doesn't he stop?", "attribution": "The Drive Partnership"}


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("warning", "Important"), ("safety", "Your safety")],
        default="info",
        help_text="The heading text says what kind of callout this is; colour only repeats it.",
    )
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "portal/blocks/callout.html"
        description = "A highlighted box for safety advice or key information"
        preview_value = {"style": "safety", "heading": "If you are in danger", "text": "<p>Call 999.</p>"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        required=False,
        help_text="Describe the image for people who cannot see it. Leave empty only if it is decorative.",
    )
    decorative = blocks.BooleanBlock(required=False, help_text="Tick if the image adds nothing to the text.")
    caption = blocks.CharBlock(required=False, max_length=255)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError("Add alt text, or tick 'decorative'.")}
            )
        return value

    class Meta:
        icon = "image"
        template = "portal/blocks/image.html"
        description = "An image with alt text and an optional caption"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=200, help_text="Defaults to the document's title.")
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/document.html"
        description = "A downloadable document with its type and size"


class TableBlockWithCaption(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Says what the table shows (read out by screen readers).")
    table = TableBlock(table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right",
                                                      "remove_row", "remove_col", "undo", "redo"]})

    class Meta:
        icon = "table"
        template = "portal/blocks/table.html"
        description = "A data table with a caption"


class VideoLinkBlock(blocks.StructBlock):
    """A video is a link, never an embed: no third-party request from our pages."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(help_text="The page where the video can be watched.")
    duration = blocks.CharBlock(required=False, max_length=20, help_text='e.g. "4 min"')
    transcript = blocks.RichTextBlock(required=False, features=["bold", "italic", "ul", "ol", "link"])

    def clean(self, value):
        value = super().clean(value)
        if urlparse(value["url"]).scheme != "https":
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Use an https:// link.")}
            )
        return value

    class Meta:
        icon = "media"
        template = "portal/blocks/video_link.html"
        description = "A link to a video, with its transcript (nothing is embedded)"
        preview_value = {"title": "What is Drive?", "url": "https://example.org/video", "duration": "3 min"}


class BodyBlock(blocks.StreamBlock):
    """The stream every `body` field on every page type reuses."""

    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="portal/blocks/heading.html", max_length=120
    )
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="portal/blocks/rich_text.html")
    statistic = StatisticBlock()
    statistics = StatisticsRowBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    document = DocumentBlock()
    table = TableBlockWithCaption()
    video_link = VideoLinkBlock()
