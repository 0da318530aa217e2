"""Site search: every published public page, grouped by section, with editors' promoted results
(``search.site.search``), the database ranking beside Wagtail's search (``search.site.ranking``),
the /search/ page and the editors' report of what people searched for."""
