"""Every WorkBridge model names itself, in English and in Chinese.

Without ``verbose_name`` / ``verbose_name_plural`` in its Meta, Django makes a name up from the class ("check ins",
"placement settingss", "ingest batchs", "deliverys"), untranslated. Those names reach people: the evaluation
evidence page labels its sections with them, the privacy data inventory titles its sections with them, the
OpenAPI descriptions and the admin use them. So each model says both names itself, as lazy translations, and the
Chinese catalog translates them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise


def _models():
    return sorted((m for m in apps.get_models() if m.__module__.startswith("workbridge")), key=lambda m: m._meta.label)


MODELS = _models()
ACRONYMS = {"R&D", "1+X"}


def test_there_are_models_to_check():
    assert len(MODELS) > 100


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_model_names_are_explicit_and_lazy(model):
    attrs = model._meta.original_attrs
    for key in ("verbose_name", "verbose_name_plural"):
        assert key in attrs, f"{model._meta.label}: no {key} in Meta (Django would make one up from the class)"
        assert isinstance(attrs[key], Promise), f"{model._meta.label}: {key} is not a lazy translation"


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_model_names_are_natural_english(model):
    with translation.override("en"):
        singular, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
    assert singular.strip() and plural.strip()
    # Django's made-up plurals: "settingss", "batchs", "deliverys" (a word of its own may end so: "classes").
    word = plural.split()[-1]
    assert not word.endswith(("ss", "chs", "shs", "xs")) or word.endswith(("sses", "ches", "shes", "xes")), plural
    assert not (word.endswith("ys") and word[-3:-2] not in "aeiou"), plural
    for name in (singular, plural):
        assert all(w == w.lower() or w in ACRONYMS for w in name.split()), (
            f"{model._meta.label}: {name!r} not lower case"
        )


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_model_names_are_translated_to_chinese(model):
    with translation.override("zh-hans"):
        singular, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
    assert not singular.isascii(), f"{model._meta.label}: {singular!r} has no Chinese translation"
    assert not plural.isascii(), f"{model._meta.label}: {plural!r} has no Chinese translation"
    # Chinese nouns do not inflect: a plural made from the singular by adding "s" is an untranslated plural.
    assert not plural.endswith("s"), f"{model._meta.label}: {plural!r}"


def test_the_same_english_name_reads_the_same_in_chinese():
    """A name two models share (or a model's singular and plural) reads the same on every Chinese screen."""
    seen: dict[str, tuple[str, str]] = {}
    for model in MODELS:
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            with translation.override("en"):
                english = str(name)
            with translation.override("zh-hans"):
                chinese = str(name)
            if english in seen:
                assert seen[english][1] == chinese, (english, seen[english], model._meta.label, chinese)
            seen.setdefault(english, (model._meta.label, chinese))


def test_the_audit_log_names_a_record_as_its_model_does():
    """The audit log's sentences name a record's kind (core.audit_text.RECORD_KINDS); in Chinese that is the
    model's own name, so one record has one name on every screen."""
    from workbridge.core.audit_text import RECORD_KINDS

    with translation.override("zh-hans"):
        differ = {
            label: (str(kind), str(apps.get_model(label)._meta.verbose_name))
            for label, kind in RECORD_KINDS.items()
            if str(kind) != str(apps.get_model(label)._meta.verbose_name)
        }
    assert not differ
