"""Reading find_services results in tests."""


def names(hits):
    return [h.service.name for h in hits]


def counts(results, facet):
    return {fv.code: fv.count for fv in results.facets[facet]}
