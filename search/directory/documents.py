"""The Elasticsearch document for a directory service (elasticsearch-dsl 8).

``search_text`` holds the same stemmed tokens the database searches (whitespace analysed), so
both backends match keywords identically; ``name`` and ``description`` also carry an English
analyzer with the sector's synonyms, and ``name.suggest`` is search-as-you-type for autocomplete.
"""

from __future__ import annotations

from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Keyword,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from search.directory.text import SYNONYMS


def _synonym_rules() -> list[str]:
    rules = []
    for key, alternatives in SYNONYMS.items():
        rules.append(", ".join([key] + alternatives))
    return rules


directory_synonyms = token_filter("directory_synonyms", type="synonym_graph", synonyms=_synonym_rules())
english_stemmer = token_filter("directory_english_stemmer", type="stemmer", language="english")
directory_english = analyzer("directory_english", tokenizer="standard",
                             filter=["lowercase", "asciifolding", english_stemmer])
directory_english_search = analyzer("directory_english_search", tokenizer="standard",
                                    filter=["lowercase", "asciifolding", directory_synonyms, english_stemmer])
stems_analyzer = analyzer("directory_stems", tokenizer="whitespace", filter=["lowercase"])


class ServiceDocument(Document):
    name = Text(analyzer=directory_english, search_analyzer=directory_english_search,
                fields={"raw": Keyword(), "suggest": SearchAsYouType()})
    sort_name = Keyword()
    description = Text(analyzer=directory_english, search_analyzer=directory_english_search)
    organisation = Text(analyzer=directory_english)
    search_text = Text(analyzer=stems_analyzer)
    facets = Keyword()
    la_codes = Keyword()
    locations = GeoPoint()
    is_national = Boolean()
    status = Keyword()
    last_reviewed = Date()

    class Index:
        name = "directory"  # replaced by the prefixed alias at run time
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_service(cls, service) -> "ServiceDocument":
        """Build the document. Coordinates are the public ones (rounded when confidential)."""
        points = []
        for sal in service.service_at_locations.all():
            loc = sal.location
            if loc.search_latitude is not None:
                points.append({"lat": loc.search_latitude, "lon": loc.search_longitude})
        return cls(
            meta={"id": str(service.pk)},
            name=service.name, sort_name=service.name.casefold(), description=service.description,
            organisation=service.organization.name, search_text=service.search_text,
            facets=service.facet_tokens.split(), la_codes=[a.la_code for a in service.service_areas.all()],
            locations=points, is_national=service.is_national, status=service.status,
            last_reviewed=service.last_reviewed,
        )
