"""A portable multi-choice field: a list of codes stored as "a,b,c" (SQLite and PostgreSQL)."""

from django import forms
from django.core import exceptions
from django.db import models


class MultiChoiceField(models.CharField):
    """Holds a list of codes from ``choices``; edits as a set of checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple, set)):
            return [str(v) for v in value]
        return [part for part in str(value).split(",") if part]

    def get_prep_value(self, value):
        values = self.to_python(value)
        order = [code for code, _label in self.choices or []]
        values = sorted(set(values), key=lambda v: order.index(v) if v in order else len(order))
        return ",".join(values)

    def validate(self, value, model_instance):
        allowed = {code for code, _ in self.choices or []}
        bad = [v for v in self.to_python(value) if v not in allowed]
        if bad:
            raise exceptions.ValidationError(f"Unknown value(s): {', '.join(bad)}", code="invalid_choice")
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def get_default(self):
        return []

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def check(self, **kwargs):  # CharField's choices checks assume one value per row
        return []
