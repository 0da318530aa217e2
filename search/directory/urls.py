from django.urls import include, path

from search.directory import api, coverage_views, moderation_views
from search.directory import views as directory_views

app_name = "directory"

api_patterns = [
    path("", api.version_info, name="api_root"),
    path("services", api.services, name="api_services"),
    path("openapi.json", api.openapi_document, name="api_openapi"),
    path("services/<str:item_id>", api.service_detail, name="api_service"),
    path("service_at_locations", api.service_at_locations, name="api_service_at_locations"),
    path("service_at_locations/<str:item_id>", api.service_at_location_detail, name="api_service_at_location"),
    path("taxonomies", api.taxonomies, name="api_taxonomies"),
    path("taxonomies/<str:item_id>", api.taxonomy_detail, name="api_taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="api_taxonomy_terms"),
    path("taxonomy_terms/<str:item_id>", api.taxonomy_term_detail, name="api_taxonomy_term"),
]

urlpatterns = [
    path("find-a-service/", directory_views.directory_search, name="search"),
    path("find-a-service/coverage/", coverage_views.coverage_page, name="coverage"),
    path("find-a-service/coverage/coverage.csv", coverage_views.coverage_csv, name="coverage_csv"),
    path("find-a-service/coverage/coverage.json", coverage_views.coverage_json, name="coverage_json"),
    path("find-a-service/coverage/<str:code>/", coverage_views.coverage_authority, name="coverage_authority"),
    path("find-a-service/moderation/", moderation_views.moderation_queue, name="moderation"),
    path("find-a-service/moderation/<uuid:proposal_id>/", moderation_views.review_proposal, name="review"),
    path("find-a-service/<slug:slug>/propose/", moderation_views.propose_change, name="propose"),
    path("find-a-service/<slug:slug>/", directory_views.service_detail, name="service"),
    path("find-a-service/<slug:slug>/report/", directory_views.report_problem, name="report"),
    path("api/openreferral/", include(api_patterns)),
]
