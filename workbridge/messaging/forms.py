from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ORGANIZATION_CHANNELS, DeliveryPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DeliveryPreference
        fields = ["email", "wecom", "wecom_userid", "dingtalk", "dingtalk_userid", "sms", "quiet_start", "quiet_end"]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "wecom_userid": _("Your account name in your organisation's WeCom; your IT office can tell you."),
            "dingtalk_userid": _("Your user ID in your organisation's DingTalk."),
            "sms": _(
                "Only for urgent matters such as a student's injury or leaving the post; needs your mobile number."
            ),
            "quiet_start": _(
                "WeCom, DingTalk and text messages wait until the quiet hours end; urgent matters do not."
            ),
        }


NOTICE_KINDS = [
    ("agreement.expiring", _("Agreements about to expire")),
    ("placements.alert", _("Internship alerts")),
    ("organizations.vetting", _("Enterprise vetting decisions")),
]


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Channel"), choices=[(k.value, k.label) for k in ORGANIZATION_CHANNELS])
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("For example: the mechatronics college's academic affairs group")
    )
    enabled = forms.BooleanField(label=_("In use"), required=False, initial=True)
    webhook_url = forms.URLField(
        label=_("Webhook address"),
        required=False,
        max_length=500,
        help_text=_("Group robots: the address the group's robot settings show."),
    )
    app_key = forms.CharField(label=_("Corp ID / app key / access key ID"), required=False, max_length=120)
    agent_id = forms.CharField(
        label=_("Agent ID"), required=False, max_length=40, help_text=_("WeCom and DingTalk application messages.")
    )
    secret = forms.CharField(
        label=_("Secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the stored one."),
    )
    sign_name = forms.CharField(label=_("SMS sign name"), required=False, max_length=40)
    template_code = forms.CharField(label=_("SMS template code"), required=False, max_length=40)
    kinds = forms.MultipleChoiceField(
        label=_("Notices posted to the group"),
        required=False,
        choices=NOTICE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Group robots only. Personal messages never go to a group."),
    )
