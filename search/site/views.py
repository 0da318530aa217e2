from django.shortcuts import render

from search.site.search import SECTIONS, matching_services, site_search


def search_view(request):
    section = request.GET.get("section", "")[:30]
    results = site_search(request.GET.get("q"), request.GET.get("page"), section)
    return render(
        request,
        "search/search.html",
        {
            "results": results,
            "search_query": results.query,
            "page_obj": results.page,
            "section": results.section,
            "sections": SECTIONS,
            "services": matching_services(results.query) if results.query else None,
        },
    )
