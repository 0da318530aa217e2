"""Admin: key findings (snippets) and lived-experience responses (moderators only)."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import KeyFinding, LivedExperienceResponse
from .permissions import ModeratorsOnlyPolicy


class KeyFindingViewSet(SnippetViewSet):
    model = KeyFinding
    icon = "success"
    menu_label = "Key findings"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["statistic", "measures", "sample_size", "source_publication"]
    search_fields = ["statistic", "measures"]


register_snippet(KeyFindingViewSet)

register_permission_policy(LivedExperienceResponse, ModeratorsOnlyPolicy(LivedExperienceResponse))


class LivedExperienceResponseViewSet(ModelViewSet):
    model = LivedExperienceResponse
    icon = "mail"
    menu_label = "Have your say responses"
    add_to_admin_menu = True
    menu_order = 310
    form_fields = ["status", "moderator_notes"]
    list_display = ["__str__", "gap", "status", "is_anonymous", "submitted_at"]
    list_filter = ["status", "gap"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "gap", "submitted_at", "perspective", "experience", "what_should_change",
        "contact_name", "contact_detail", "consent_given", "status", "moderator_notes",
    ]
    copy_view_enabled = False
    name = "lived_experience_responses"


@hooks.register("register_admin_viewset")
def register_responses_viewset():
    return LivedExperienceResponseViewSet()

