import json

from allauth.account import views as allauth_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .forms import DeleteAccountForm, ProfileForm
from .models import profile_for
from .next_url import safe_next, with_next
from .privacy import delete_user, export_user_data


@login_required
@require_http_methods(["GET", "POST"])
def account_overview(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details have been saved.")
        return redirect("account_overview")
    return render(request, "accounts/overview.html", {"form": form})


@login_required
def export_data(request):
    payload = json.dumps(export_user_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-portal-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_user(user)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """Confirming in the browser that signed up finishes the sign-in and returns to `next`
    (allauth's login stage). Confirming anywhere else (another browser, a phone's mail app) signs
    nobody in: the person is asked to sign in, and `next` from the link is kept."""

    def respond(self, success):
        if success and not self.request.user.is_authenticated:
            return redirect(with_next(reverse("account_login"), self.request))
        return super().respond(success)


class ActivateTOTPView(totp_views.ActivateTOTPView):
    """Setting up the authenticator app leads to the recovery codes, keeping `next`."""

    def get_success_url(self):
        return with_next(super().get_success_url(), self.request)


class ViewRecoveryCodesView(recovery_views.ViewRecoveryCodesView):
    """The recovery codes page leads on: to `next` (the admin, for staff who were sent to enrol),
    else the admin for people who use it, else the account overview."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        fallback = reverse("wagtailadmin_home") if user.has_perm("wagtailadmin.access_admin") \
            else reverse("account_overview")
        context["continue_url"] = safe_next(self.request) or fallback
        context["continue_to_admin"] = context["continue_url"].startswith("/admin/")
        return context
