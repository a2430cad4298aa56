"""An audit sentence names the record's kind in both languages (Django 5's lazy texts no longer carry the
``_proxy____args`` attribute the check used, so English sentences lost every translated kind)."""

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from workbridge.core.audit_text import RECORD_KINDS, _kind


def test_a_translated_model_name_is_the_kind_in_english_and_chinese():
    models = [
        m
        for m in apps.get_models()
        if isinstance(m._meta.verbose_name, Promise) and m._meta.label_lower not in RECORD_KINDS
    ]
    assert models, "no model with a translated name to check"
    model = models[0]
    with translation.override("en"):
        assert _kind(model) == str(model._meta.verbose_name) != ""
    with translation.override("zh-hans"):
        assert _kind(model) == str(model._meta.verbose_name) != ""


def test_a_name_django_made_up_is_left_out():
    fake = type(
        "Fake", (), {"_meta": type("M", (), {"label_lower": "x.fake", "verbose_name": "made up", "model_name": "fake"})}
    )
    with translation.override("en"):
        assert _kind(fake) == ""
