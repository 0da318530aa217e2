"""HSDS ``taxonomy`` and ``taxonomy_term``: the facets declared with a taxonomy name
(``search.directory.facets``), published in the API."""

import uuid

from django.db import models

from search.directory import facets as v


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=60)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["taxonomy__name", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")]

    def __str__(self):
        return self.name


def ensure_taxonomies() -> dict[tuple[str, str], TaxonomyTerm]:
    """Create the portal's taxonomies and terms if missing; return {(field, code): term}."""
    terms = {}
    for name, facet in v.REGISTRY.published.items():
        taxonomy, _ = Taxonomy.objects.get_or_create(
            name=name, defaults={"description": f"{name} used by the Drive Partnership directory.",
                                 "version": "1"})
        for code, label in facet.choices:
            term, _ = TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code=code,
                                                         defaults={"name": label})
            terms[(facet.field, code)] = term
    return terms
