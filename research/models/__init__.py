"""Research models: pages, key findings and lived-experience responses."""

from ..publication_types import PublicationType
from .findings import KeyFinding
from .pages import (
    PriorityGapFinding,
    PriorityGapLink,
    PriorityGapPage,
    PublicationPage,
    PublicationTopic,
    ResearchIndexFinding,
    ResearchIndexPage,
)
from .responses import LivedExperienceResponse

__all__ = [
    "KeyFinding",
    "LivedExperienceResponse",
    "PriorityGapFinding",
    "PriorityGapLink",
    "PriorityGapPage",
    "PublicationPage",
    "PublicationTopic",
    "PublicationType",
    "ResearchIndexFinding",
    "ResearchIndexPage",
]
