from collections import Counter

from workbridge.labour_market.engines.taxonomy import SKILL_TYPES, default_taxonomy

DOMAINS = {
    "it",
    "manufacturing_automation",
    "electrical_electronic",
    "automotive",
    "construction",
    "ecommerce_logistics",
    "finance_accounting",
    "health_nursing",
    "tourism_hospitality",
    "agriculture",
    "design_media",
    "transversal",
}


def test_size_and_shape():
    tax = default_taxonomy()
    assert len(tax) >= 3000
    for s in tax:
        assert s.id and s.name_zh and s.name_en and s.group and s.source
        assert s.type in SKILL_TYPES
        assert s.domain in DOMAINS
        assert s.group_zh and s.group_en and s.domain_zh and s.domain_en


def test_every_vocational_field_is_covered():
    counts = Counter(s.domain for s in default_taxonomy())
    assert set(counts) == DOMAINS
    for domain, n in counts.items():
        assert n >= 70, (domain, n)
    types = Counter(s.type for s in default_taxonomy())
    assert all(types[t] >= 30 for t in SKILL_TYPES), types


def test_surface_forms_have_one_owner():
    owners = {}
    for s in default_taxonomy():
        for form in [*s.surface_forms(), *s.ambiguous_aliases]:
            key = form.lower()
            assert owners.get(key, s.id) == s.id or form in (s.name_zh, s.name_en), (form, owners.get(key), s.id)
            owners.setdefault(key, s.id)


def test_lookup():
    tax = default_taxonomy()
    py = tax["it.programming_languages.python"]
    assert py.name_zh == "Python" and py.type == "tool"
    assert tax.get("no.such.skill") is None
    assert tax.by_group("welding") and tax.by_domain("health_nursing")
