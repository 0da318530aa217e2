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
