"""Form data for a page's edit form, as the admin's JavaScript would post it.

The page editor builds StreamField inputs in the browser, so the edit view's HTML does not hold
them. `edit_form_data` takes the plain inputs from that HTML and adds each StreamField in the
flat `<field>-count` / `<field>-0-type` / `<field>-0-value-...` shape the server reads, built from
the blocks' own form state, so previews and submissions can be posted exactly as an editor would.
"""

from __future__ import annotations

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def _flatten(block, state, prefix: str, out: dict) -> None:
    if isinstance(block, blocks.StreamBlock):
        for index, item in enumerate(state or []):
            _child(out, prefix, index, item.get("id"), item["type"])
            _flatten(block.child_blocks[item["type"]], item["value"], f"{prefix}-{index}-value", out)
        out[f"{prefix}-count"] = str(len(state or []))
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(state or []):
            _child(out, prefix, index, item.get("id"))
            _flatten(block.child_block, item["value"], f"{prefix}-{index}-value", out)
        out[f"{prefix}-count"] = str(len(state or []))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _flatten(child, (state or {}).get(name), f"{prefix}-{name}", out)
    elif state is True:
        out[prefix] = "on"
    elif state in (None, False):
        return
    elif isinstance(state, dict):  # a chooser's state: the chosen object's id
        out[prefix] = str(state["id"])
    elif isinstance(state, (list, tuple)):
        out[prefix] = [str(item) for item in state]
    else:
        out[prefix] = str(state)


def _child(out: dict, prefix: str, index: int, block_id, block_type: str | None = None) -> None:
    if block_type is not None:
        out[f"{prefix}-{index}-type"] = block_type
    out[f"{prefix}-{index}-deleted"] = ""
    out[f"{prefix}-{index}-order"] = str(index)
    out[f"{prefix}-{index}-id"] = block_id or ""


def stream_form_data(field_name: str, stream_block, value) -> dict:
    out: dict = {}
    _flatten(stream_block, stream_block.get_form_state(value), field_name, out)
    return out


def edit_form_data(client, page) -> dict:
    """Everything the page's edit form would post, StreamFields included."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = {key: values if len(values) > 1 else values[0]
            for key, values in querydict_from_html(html, form_id="page-edit-form").lists()}
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            data = {k: v for k, v in data.items() if k != field.name and not k.startswith(f"{field.name}-")}
            data.update(stream_form_data(field.name, field.stream_block, getattr(page, field.name)))
    return data
