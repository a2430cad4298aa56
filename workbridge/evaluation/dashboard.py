"""Dashboard cards: an enterprise sees its depth score, readiness and incentive statement; a school its depth
score and one-sided partnerships; the authority the depth bands of its region."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core.registry import Card
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, STAFF_ROLES, Role

from . import selectors
from .models import ScoreLevel

TONE = {"deep": "good", "developing": "warn", "shallow": "bad"}
BAND_LABEL = {
    "deep": gettext_lazy("Deep"),
    "developing": gettext_lazy("Developing"),
    "shallow": gettext_lazy("Shallow"),
}


def cards(actor) -> list[Card]:
    if actor.role in STAFF_ROLES:
        return []  # the depth of a partnership is the administrators' figure
    if actor.role in ENTERPRISE_ROLES:
        return _enterprise(actor)
    if actor.role in SCHOOL_ROLES:
        return _school(actor)
    if actor.is_platform_admin or actor.role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        return _region(actor)
    return []


def _score_card(score, label, order):
    if score is None:
        return Card(label=label, value="—", hint=_("No depth score yet"), url=reverse("evaluation:scores"), order=order)
    return Card(
        label=label,
        value=f"{score.total:.1f}" if score.total is not None else "—",
        hint=f"{score.term} · {BAND_LABEL.get(score.band, score.band)}",
        tone=TONE.get(score.band, ""),
        url=reverse("evaluation:score-detail", args=[score.pk]),
        order=order,
    )


def _enterprise(actor) -> list[Card]:
    from workbridge.organizations.models import Organization

    from .incentives import statement_for
    from .readiness import readiness_for

    out = [
        _score_card(
            selectors.enterprise_score(actor=actor, enterprise_id=actor.organization_id), _("Cooperation depth"), 300
        )
    ]
    if actor.role != Role.ENTERPRISE_ADMIN:
        return out
    enterprise = Organization.objects.get(pk=actor.organization_id)
    r = readiness_for(enterprise)
    url = reverse("evaluation:integration-detail", args=[enterprise.pk])
    out.append(
        Card(
            label=_("Integration-enterprise readiness"),
            value=f"{r.basic_met}/{r.basic_total}",
            hint=_("ready to apply") if r.ready else _("%(n)d criteria missing") % {"n": len(r.missing)},
            tone="good" if r.ready else "warn",
            url=url,
            order=301,
        )
    )
    st = statement_for(enterprise.pk)
    last = st.years[-1] if st.years else None
    out.append(
        Card(
            label=_("Surcharge offset carried forward (yuan)"),
            value=f"{last.carried_out:,.0f}" if last else "0",
            hint=_("certified") if st.certified else _("not certified"),
            url=url,
            order=302,
        )
    )
    return out


def _school(actor) -> list[Card]:
    score = (
        selectors.score_list(actor=actor, level=ScoreLevel.SCHOOL)
        .filter(school_id=actor.organization_id)
        .order_by("-term")
        .first()
    )
    out = [_score_card(score, _("Cooperation depth of the school"), 300)]
    if score is not None:
        shallow = (
            selectors.score_list(actor=actor, term=score.term, level=ScoreLevel.PARTNERSHIP)
            .filter(band="shallow")
            .count()
        )
        out.append(
            Card(
                label=_("Shallow partnerships"),
                value=shallow,
                hint=score.term,
                tone="warn" if shallow else "good",
                url=reverse("evaluation:scores") + f"?term={score.term}&level=partnership&band=shallow",
                order=301,
            )
        )
    return out


def _region(actor) -> list[Card]:
    terms = selectors.terms_scored()
    if not terms:
        return [
            Card(
                label=_("Cooperation depth"),
                value="—",
                hint=_("No depth score yet"),
                url=reverse("evaluation:scores"),
                order=300,
            )
        ]
    qs = selectors.score_list(actor=actor, term=terms[0], level=ScoreLevel.PARTNERSHIP)
    deep = qs.filter(band="deep").count()
    total = qs.count()
    return [
        Card(
            label=_("Deep partnerships"),
            value=f"{deep}/{total}",
            hint=terms[0],
            tone="good" if deep else "",
            url=reverse("evaluation:scores") + f"?term={terms[0]}&band=deep",
            order=300,
        )
    ]
