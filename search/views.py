from django.shortcuts import render

from .site_search import site_search


def search_view(request):
    results = site_search(request.GET.get("q"), request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"results": results, "search_query": results.query, "page_obj": results.page},
    )
