import pytest

from . import factories as f


@pytest.fixture
def cardiff_services(db):
    """A small directory around Cardiff, with one service covering Cardiff from Swansea and a
    national helpline."""
    return {
        "near": f.service("Cardiff group", postcode="CF10 1AE", areas=[f.CARDIFF],
                          referral_routes=["self", "professional"], risk_levels=["standard", "medium"],
                          respect_accredited=True),
        "mid": f.service("Bridgend one-to-one", postcode="CF31 1AF", town="Bridgend",
                         service_types=["behaviour-change-121"], referral_routes=["professional"],
                         risk_levels=["high"], attending_type=["phone"], languages=["en", "cy"]),
        "far_covering": f.service("Swansea service covering Cardiff", postcode="SA1 1AE", town="Swansea",
                                  areas=[f.SWANSEA, f.CARDIFF], service_types=["housing"],
                                  referral_routes=["panel"], risk_levels=["high"], is_free=False),
        "far": f.service("Swansea only", postcode="SA1 1AE", town="Swansea", areas=[f.SWANSEA]),
        "refuge": f.service("Confidential Idva", postcode="CF24 0AE", confidential=True,
                            service_types=["idva"], referral_routes=["professional"], risk_levels=["high"]),
        "helpline": f.service("National helpline", national=True, service_types=["helpline"],
                              attending_type=["phone", "online"],
                              description="Helpline for anyone worried about their anger."),
        "closed": f.service("Closed service", postcode="CF10 1AE", status="defunct"),
    }


# --- the search node (make elasticsearch) ------------------------------------------------------
def pytest_collection_modifyitems(config, items):
    """Tests marked ``elasticsearch`` need the search node at SEARCH_NODE_URL: without it they
    are deselected (and counted as such), not skipped; CI's engine pass sets it."""
    from .engine import node_url

    if node_url():
        return
    engine_items = [item for item in items if item.get_closest_marker("elasticsearch")]
    if engine_items:
        config.hook.pytest_deselected(items=engine_items)
        items[:] = [item for item in items if not item.get_closest_marker("elasticsearch")]


@pytest.fixture
def engine(settings):
    """The search node, with a fresh index prefix; every index made under it is deleted after."""
    import uuid

    from .engine import HttpEngine, node_url

    node = HttpEngine(node_url())
    distribution, _version = node.product()
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    if distribution == "elasticsearch":  # the site's own client can talk to it (and saves index)
        settings.ELASTICSEARCH_URL = node_url()
        from elasticsearch import Elasticsearch

        from search.directory.backends.elasticsearch import ClientEngine

        yield ClientEngine(Elasticsearch(node_url(), request_timeout=30))
    else:
        yield node
    node.delete_matching(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")
