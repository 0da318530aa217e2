"""Editors and Moderators see training reports; Moderators may also revoke certificates."""

from portal.accounts.roles import EDITORS, MODERATORS, grant

REPORTS, REVOKE = "training.view_training_reports", "training.revoke_certificate"


def grant_training_permissions(**_kwargs) -> None:
    grant({EDITORS: (REPORTS,), MODERATORS: (REPORTS, REVOKE)})
