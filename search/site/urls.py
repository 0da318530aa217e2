"""Site search: /search/ (included by portal/urls.py)."""

from django.urls import path

from search.site import views

app_name = "site_search"

urlpatterns = [
    path("", views.search_view, name="search"),
]
