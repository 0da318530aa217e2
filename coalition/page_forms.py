"""The admin form for members-only pages: their documents must be private too."""

from wagtail.admin.forms import WagtailAdminPageForm

from portal.private_files import public_documents_in_form


class MembersOnlyPageForm(WagtailAdminPageForm):
    """Refuses to save a members-only page that attaches a document anyone could download.

    A paper on a members-only page is also refused to outsiders when served (the
    `before_serve_document` hook), but only a private collection keeps it out of public
    document choosers, listings and anything else that does not know about the page.
    """

    def is_valid(self):
        valid = super().is_valid()
        if valid and not getattr(self, "_documents_checked", False):
            self._documents_checked = True
            public = public_documents_in_form(self)
            if public:
                names = ", ".join(f"“{doc.title}”" for doc in public)
                self.add_error(None, (
                    f"This page is for members only, but it attaches {names} from a collection anyone can "
                    "download. Move the document to a members-only collection (Documents › Edit › Collection), "
                    "or remove it from this page, then save again."
                ))
        return valid and not self.non_field_errors()
