"""Writing many rows at once: one prepared statement run for them all.

Django's ``bulk_create`` and ``bulk_update`` compile a fresh multi-row statement for every batch (and
``bulk_update`` a CASE expression per row); for the tens of thousands of rows of a directory import
that compiling costs more than the writes. Both helpers here prepare one statement and hand the
database driver every row's values (``executemany``). Every model they are used for has its
primary key set in Python (UUIDs) or does not need it back (an automatic integer key is left to
the database and stays None on the object).
"""

from __future__ import annotations

from django.db import connection, models


def insert_rows(model, objects) -> None:
    """INSERT these new objects (as ``bulk_create`` would: field defaults and ``auto_now`` applied,
    no signals, no ``save()``)."""
    objects = list(objects)
    if not objects:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields
              if not f.generated and not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField
                                                                        | models.SmallAutoField))]
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert_rows")
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = [_reader(f) for f in fields]
    params = [[value(obj) for value in values] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


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
    params = [[c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns]
              + [meta.pk.get_db_prep_value(obj.pk, connection)] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Fields whose database value is the Python value itself when that is a plain str, int, float or
# bool (their get_prep_value only coerces to that type); anything else takes Django's own path.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.FloatField)
_PLAIN_TYPES = frozenset({str, int, float, bool})
_PLAIN_PREP = frozenset(cls.get_prep_value for cls in _PLAIN_FIELDS)


def _reader(field):
    """The function giving this field's database value of an object about to be inserted."""
    def django_path(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    plain = (isinstance(field, _PLAIN_FIELDS) and not field.is_relation
             and type(field).pre_save is models.Field.pre_save
             and type(field).get_db_prep_save is models.Field.get_db_prep_save
             and type(field).get_db_prep_value is models.Field.get_db_prep_value
             and type(field).get_prep_value in _PLAIN_PREP)
    if not plain:
        return django_path
    attname = field.attname

    def direct(obj):
        value = getattr(obj, attname)
        if value is None or type(value) in _PLAIN_TYPES:
            return value
        return field.get_db_prep_save(value, connection)

    return direct
