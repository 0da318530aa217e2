"""Who looks after the directory in the admin. Moderators handle what the public and providers send
(problem reports, proposed changes) and keep listings right; Editors review and correct listings
(the dashboard's stale listings link to them). Nobody but a superuser deletes a listing: one that
has closed is marked "defunct", so its history stays. Run after every migrate. Idempotent."""

from django.apps import apps

from portal.accounts.roles import EDITORS, MODERATORS, grant

LISTINGS = ("service", "organisation", "location")
DIRECTORY_PERMISSIONS = {
    EDITORS: [f"search.{action}_{model}" for model in LISTINGS for action in ("view", "change")],
    MODERATORS: [f"search.{action}_{model}" for model in LISTINGS for action in ("view", "add", "change")]
    + ["search.view_problemreport", "search.change_problemreport", "search.view_changeproposal",
       "search.change_changeproposal", "search.view_listingchange"],
}


def grant_directory_permissions(app_config=None, **_kwargs) -> None:
    grant(DIRECTORY_PERMISSIONS, app_config=app_config or apps.get_app_config("search"))
