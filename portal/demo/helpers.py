"""Small builders that keep the demo content readable."""

import datetime

from wagtail.models import Page

BRISTOL = "University of Bristol evaluation of the Drive Project"
DRIVE_2021 = "Drive Partnership, figures to July 2021"


def para(*paragraphs: str) -> tuple:
    return ("rich_text", "".join(f"<p>{p}</p>" for p in paragraphs))


def html(value: str) -> tuple:
    return ("rich_text", value)


def heading(text: str) -> tuple:
    return ("heading", text)


def stat(figure: str, label: str, source: str) -> dict:
    return {"figure": figure, "label": label, "source": source, "source_url": ""}


def stats(heading_text: str, *items: dict) -> tuple:
    return ("statistics", {"heading": heading_text, "statistics": list(items)})


def callout(style: str, heading_text: str, text: str) -> tuple:
    return ("callout", {"style": style, "heading": heading_text, "text": text})


def quote(text: str, attribution: str = "") -> tuple:
    return ("quote", {"quote": text, "attribution": attribution})


def table(caption: str, rows: list[list[str]]) -> tuple:
    return (
        "table",
        {
            "caption": caption,
            "table": {
                "data": rows,
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": "",
            },
        },
    )


def add_child(parent: Page, page: Page, *, reviewed: datetime.date | None = None) -> tuple[Page, bool]:
    """Add `page` under `parent` unless a child with its slug exists. Returns (page, created)."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    if reviewed and hasattr(page, "last_reviewed"):
        page.last_reviewed = reviewed
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True
