from search.models.directory import (  # noqa: F401
    STALE_AFTER_DAYS,
    Accessibility,
    Contact,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServicePoint,
    refresh_points,
)
from search.models.gaps import DirectoryGap  # noqa: F401
from search.models.moderation import ChangeProposal, ListingChange, ProblemReport  # noqa: F401
from search.models.taxonomy import Taxonomy, TaxonomyTerm, ensure_taxonomies  # noqa: F401
