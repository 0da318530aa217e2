"""Editors get a clear validation message for a statistic without a number, an image without alt text,
or a video link that is not https."""

import pytest
from wagtail.blocks import StructBlockValidationError

from portal.blocks import BodyBlock, StatisticBlock, VideoLinkBlock


def _clean(block, value):
    return block.clean(block.to_python(value))


def test_statistic_needs_a_number():
    block = StatisticBlock()
    with pytest.raises(StructBlockValidationError) as err:
        _clean(block, {"figure": "many", "label": "people", "source": "Somewhere"})
    assert "figure" in err.value.block_errors
    assert _clean(block, {"figure": "2,590", "label": "perpetrators", "source": "Drive"})["figure"] == "2,590"


def test_statistic_needs_a_source():
    with pytest.raises(StructBlockValidationError) as err:
        _clean(StatisticBlock(), {"figure": "82%", "label": "reduction", "source": ""})
    assert "source" in err.value.block_errors


def test_video_link_must_be_https():
    block = VideoLinkBlock()
    with pytest.raises(StructBlockValidationError):
        _clean(block, {"title": "Film", "url": "http://example.org/v", "duration": "", "transcript": ""})
    assert _clean(block, {"title": "Film", "url": "https://example.org/v", "duration": "", "transcript": ""})


@pytest.mark.django_db
def test_image_needs_alt_text_unless_decorative():
    from wagtail.images.tests.utils import Image, get_test_image_file

    from portal.blocks import ImageBlock

    image = Image.objects.create(title="Test", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as err:
        block.clean({"image": image, "alt_text": "", "decorative": False, "caption": ""})
    assert "alt_text" in err.value.block_errors
    assert block.clean({"image": image, "alt_text": "", "decorative": True, "caption": ""})
    assert block.clean({"image": image, "alt_text": "A case manager", "decorative": False, "caption": ""})


def test_statistic_renders_its_source():
    html = StatisticBlock().render({"figure": "4,841", "label": "children", "source": "Drive Partnership",
                                    "source_url": ""})
    assert "4,841" in html and "Source: Drive Partnership" in html


def test_body_stream_offers_the_shared_blocks():
    names = set(BodyBlock().child_blocks)
    assert {"rich_text", "statistic", "quote", "callout", "image", "document", "table", "video_link"} <= names
