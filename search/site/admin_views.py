"""An admin report editors can read: popular site searches, and the ones that find nothing."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from search.site.search import query_report


def search_queries_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = query_report()
    return TemplateResponse(
        request,
        "search/admin/search_queries.html",
        {
            "rows": rows,
            "zero_rows": [row for row in rows if row["results"] == 0],
            "page_title": "Site searches",
            "header_icon": "search",
        },
    )
