"""Writing many rows at once: one prepared statement run for them all.

Django's ``bulk_create`` and ``bulk_update`` compile a fresh multi-row statement for every batch (and
``bulk_update`` a CASE expression per row); for the tens of thousands of rows of a directory import
that compiling costs more than the writes. Both helpers here prepare one statement and hand the
database driver every row's values (``executemany``; on PostgreSQL one ``COPY`` stream). Every
model they are used for has its primary key set in Python (UUIDs) or does not need it back (an
automatic integer key is left to the database and stays None on the object). ``insert_values``
writes rows given as plain dicts, for callers that would otherwise make tens of thousands of model
instances only to write them.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from modelcluster.fields import ParentalKey


def insert_rows(model, objects) -> None:
    """INSERT these new objects (as ``bulk_create`` would: field defaults and ``auto_now`` applied,
    no signals, no ``save()``)."""
    objects = list(objects)
    if not objects:
        return
    fields = _insertable(model)
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert_rows")
    db = connections[DEFAULT_DB_ALIAS]  # (once: each use of the ``connection`` proxy is a lookup)
    values = [_reader(f, db) for f in fields]
    _insert(db, model, fields, ([value(obj) for value in values] for obj in objects))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = db.alias


def insert_values(model, rows) -> None:
    """INSERT new rows given as dicts of attribute name (``service_id``, not ``service``) -> value, as
    ``insert_rows`` would insert the same values set on model instances: a field a dict leaves out gets
    its default, an ``auto_now`` or ``auto_now_add`` field the time now. Keys that name no field are
    ignored."""
    rows = list(rows)
    if not rows:
        return
    fields = _insertable(model)
    db = connections[DEFAULT_DB_ALIAS]  # (once: each use of the ``connection`` proxy is a lookup)
    values = [_value_reader(f, db) for f in fields]
    _insert(db, model, fields, ([value(row) for value in values] for row in rows))


def _insert(db, model, fields, params) -> None:
    """Send the rows: PostgreSQL takes them as one COPY stream (no statement per row, no round trip
    per row); other databases get the prepared INSERT run for every row."""
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                               f"VALUES ({', '.join(['%s'] * len(fields))})", list(params))


def _insertable(model) -> list:
    """The columns an INSERT gives: all but generated ones and an automatic integer key."""
    return [f for f in model._meta.concrete_fields
            if not f.generated and not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField
                                                                      | models.SmallAutoField))]


def update_rows(model, objects, fields) -> None:
    """Write these fields of these objects with one prepared UPDATE run for them all."""
    objects = list(objects)
    if not objects:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(meta.db_table)} SET " + ", ".join(f"{quote(c.column)} = %s" for c in columns)
           + f" WHERE {quote(meta.pk.column)} = %s")
    pk = meta.pk.attname  # (an attribute, so plain records with the model's attributes do too)
    params = [[c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns]
              + [meta.pk.get_db_prep_value(getattr(obj, pk), connection)] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Fields whose database value is the Python value itself when that is a plain str, int, float or
# bool (their get_prep_value only coerces to that type); anything else takes Django's own path.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.FloatField)
_PLAIN_TYPES = frozenset({str, int, float, bool})
_PLAIN_PREP = frozenset(cls.get_prep_value for cls in _PLAIN_FIELDS)
# Keys whose database value is their target field's (a UUID key's: the UUID or its hex).
_PLAIN_KEYS = frozenset({models.ForeignKey, models.OneToOneField, ParentalKey})


def _is_plain(field) -> bool:
    return (isinstance(field, _PLAIN_FIELDS) and not field.is_relation
            and type(field).pre_save is models.Field.pre_save
            and type(field).get_db_prep_save is models.Field.get_db_prep_save
            and type(field).get_db_prep_value is models.Field.get_db_prep_value
            and type(field).get_prep_value in _PLAIN_PREP)


def _reader(field, db):
    """The function giving this field's database value of an object about to be inserted."""
    if type(field).pre_save is models.Field.pre_save:  # (the attribute's value as it is)
        attname, convert = field.attname, _converter(field, db)

        return lambda obj: convert(getattr(obj, attname))
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), db)


def _value_reader(field, db):
    """The function giving this field's database value of a dict about to be inserted (see
    ``insert_values``): what ``_reader`` gives for an object with the same values."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now if isinstance(field, models.DateTimeField) else datetime.date.today

        return lambda row: field.get_db_prep_save(now(), db)
    attname, convert = field.attname, _converter(field, db)
    if callable(field.default) or type(field).get_default is not models.Field.get_default:
        default = field.get_default  # made afresh for each row (uuid4, list, a field's own default)

        return lambda row: convert(row[attname] if attname in row else default())
    missing = convert(field.get_default())  # the one default, as stored

    return lambda row: convert(row[attname]) if attname in row else missing


def _converter(field, db):
    """Python value -> database value for this field, with Django's own path for all but plain values
    of plain fields and UUIDs of UUID keys."""
    def django_path(value):
        return field.get_db_prep_save(value, db)

    target = field.target_field if field.is_relation else field
    if type(target) is models.UUIDField and (target is field or type(field) in _PLAIN_KEYS):
        native = db.features.has_native_uuid_field

        def uuid_value(value):
            if type(value) is uuid.UUID:
                return value if native else value.hex
            return django_path(value)

        return uuid_value
    if not _is_plain(field):
        return django_path

    def direct(value):
        if value is None or type(value) in _PLAIN_TYPES:
            return value
        return django_path(value)

    return direct
