"""The error summary's items: every problem on a page, in the order the page shows them, each with
the id of the control it links to (GOV.UK error-summary pattern)."""

from django import forms


def field_anchor(bound_field) -> str:
    """The id the summary links to: the field's first input for radios and checkbox groups."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_0" if bound_field.auto_id else ""
    return bound_field.id_for_label or ""


def summary_items(form=None, errors=()) -> list[tuple[str, str]]:
    """[(anchor id or "", message)]: `errors` a view already ordered, then the form's own errors,
    then each field's, in the form's field order (the order form_fields.html renders them)."""
    items = [(anchor or "", str(message)) for anchor, message in errors or ()]
    if form is not None and form.errors:
        items += [("", str(message)) for message in form.non_field_errors()]
        for bound in form:
            items += [(field_anchor(bound), str(message)) for message in bound.errors]
    return items
