from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workbridge.core.roles import Role

from .engines.industry import SECTIONS
from .models import Organization, Region, SizeBand


def industry_choices() -> list[tuple[str, str]]:
    """The GB/T 4754 sections by their name in the page's language (the code first, as the standard prints it)."""
    chinese = (get_language() or "").startswith("zh")
    return [("", "—")] + [(code, f"{code} {zh if chinese else en}") for code, (zh, en, _r) in SECTIONS.items()]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "name_en",
            "code",
            "school_type",
            "industry_section",
            "industry_division",
            "size_band",
            "staff_count",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "industry_section" in self.fields:
            self.fields["industry_section"].widget = forms.Select(choices=industry_choices())
        kind = self.instance.kind if self.instance else ""
        if kind != "enterprise":
            for name in ("industry_section", "industry_division", "size_band", "staff_count"):
                self.fields.pop(name, None)
        if kind != "school":
            self.fields.pop("school_type", None)
            self.fields.pop("code", None)

    def _post_clean(self):
        """Validation is the service's job (it runs full_clean); the form only parses."""


class RegisterEnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Enterprise name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters, as printed on the business licence."),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    industry_section = forms.ChoiceField(
        label=_("Industry section (GB/T 4754)"), choices=industry_choices, required=False
    )
    industry_division = forms.CharField(
        label=_("Industry division"),
        max_length=2,
        required=False,
        help_text=_("Two digits, e.g. 34 for general machinery."),
    )
    size_band = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *SizeBand.choices], required=False)
    staff_count = forms.IntegerField(label=_("Staff count"), min_value=0, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    licence_file = forms.FileField(label=_("Business licence (PDF or image)"), required=False)
    username = forms.CharField(label=_("Your user name"), max_length=150)
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your e-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("suspend", _("Suspend"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to reject or suspend)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class LicenceForm(forms.Form):
    licence_file = forms.FileField(label=_("Business licence (PDF or image)"))


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("User name of an existing person"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=())
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class AddPersonForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("The person sets a password with 'Forgot your password?'.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=())
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
