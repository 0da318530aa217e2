from django.shortcuts import render


def publishing_guide(request):
    """A short guide for editors, inside the admin (the admin's own login and MFA protect it)."""
    return render(request, "portal/admin/publishing_guide.html", {"page_title": "How to publish on the portal"})
