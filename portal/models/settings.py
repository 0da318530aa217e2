from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"


@register_setting(icon="warning")
class SiteSettings(BaseSiteSetting):
    """Safety and contact settings editors control."""

    quick_exit_url = models.URLField(
        default=DEFAULT_EXIT_URL,
        help_text="The neutral site the 'Exit this page' button opens. Choose a busy, everyday "
        "site (weather, news) that raises no questions on a shared device.",
    )
    contact_email = models.EmailField(blank=True, default="info@example.org")
    contact_phone = models.CharField(max_length=40, blank=True, help_text="A number for general enquiries.")
    emergency_message = models.CharField(
        max_length=255,
        default="If you or someone else is in immediate danger, call 999.",
        help_text="Shown in the footer of every page.",
    )

    panels = [
        FieldPanel("quick_exit_url"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")], heading="Contact"),
        FieldPanel("emergency_message"),
    ]

    class Meta:
        verbose_name = "site settings"

    def clean(self):
        super().clean()
        if not self.quick_exit_url.startswith("https://"):
            raise ValidationError({"quick_exit_url": "The exit site must be an https:// address."})


class _LinkFields(models.Model):
    label = models.CharField(max_length=60)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.CharField(max_length=255, blank=True, help_text="Use for links that are not pages.")

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta:
        abstract = True

    @property
    def url(self) -> str:
        if self.link_page_id:
            return self.link_page.url or "#"
        return self.link_url or "#"

    def clean(self):
        super().clean()
        if not self.link_page and not self.link_url:
            raise ValidationError("Choose a page or enter a URL.")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """The main menu and footer links, editable by editors."""

    footer_text = models.TextField(
        blank=True,
        default="The Drive Partnership: Respect, SafeLives and Social Finance.",
    )

    panels = [
        InlinePanel("main_menu", heading="Main menu", label="Menu item", max_num=8),
        InlinePanel("footer_links", heading="Footer links", label="Footer link"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "navigation"


class NavigationItem(Orderable, _LinkFields):
    setting = ParentalKey(NavigationSettings, related_name="main_menu", on_delete=models.CASCADE)


class FooterLink(Orderable, _LinkFields):
    setting = ParentalKey(NavigationSettings, related_name="footer_links", on_delete=models.CASCADE)
