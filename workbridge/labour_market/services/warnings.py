"""Early warnings for majors: rules and recomputation."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Major
from workbridge.core.access import Actor, as_actor, require_role
from workbridge.core.exceptions import ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record
from workbridge.core.services import full_clean_or_raise as _clean

from ..engines import warning as warning_engine
from ..models import (
    MajorWarning,
    WarningRule,
    WarningSetting,
)

logger = logging.getLogger(__name__)

# Apps that act on a red warning (major_reviews opens a review) register here in their AppConfig.ready();
# labour_market never imports them. A listener gets the ids of the red MajorWarning rows just written, once the
# recomputation has committed; a failing listener is logged and never undoes the warnings.
_RED_WARNING_LISTENERS: list[Callable[[list[int]], None]] = []


def register_red_warning_listener(listener: Callable[[list[int]], None]) -> None:
    if listener not in _RED_WARNING_LISTENERS:
        _RED_WARNING_LISTENERS.append(listener)


def _tell_red_warning_listeners(warning_ids: list[int]) -> None:
    for listener in list(_RED_WARNING_LISTENERS):
        try:
            listener(list(warning_ids))
        except Exception:  # a listener's failure must not undo or block the warnings themselves
            logger.exception("red warning listener %s failed", getattr(listener, "__name__", listener))


RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "warning_rules.json"


@transaction.atomic
def warning_rules_load(*, path: Path = RULES_FILE, overwrite: bool = False) -> int:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for s in data["settings"]:
        sources = {
            "citation": s["note"][:300],
            "source_zh": s["source"]["zh"][:300],
            "source_en": s["source"]["en"][:300],
        }
        if overwrite or not WarningSetting.objects.filter(key=s["key"]).exists():
            WarningSetting.objects.update_or_create(key=s["key"], defaults={"value": s["value"], **sources})
        else:  # keep edited values; the wording of the sources follows the file
            WarningSetting.objects.filter(key=s["key"]).update(**sources)
    for r in data["rules"]:
        sources = {
            "citation": r["note"][:300],
            "source_zh": r["source"]["zh"][:300],
            "source_en": r["source"]["en"][:300],
            "unit": r.get("unit") or "",
        }
        if not overwrite and WarningRule.objects.filter(key=r["key"]).exists():
            WarningRule.objects.filter(key=r["key"]).update(**sources)
        if overwrite or not WarningRule.objects.filter(key=r["key"]).exists():
            WarningRule.objects.update_or_create(
                key=r["key"],
                defaults={
                    "label": r["label"],
                    "label_zh": r.get("label_zh", ""),
                    "threshold": r["threshold"],
                    "yellow_threshold": r.get("yellow_threshold"),
                    "direction": r["direction"],
                    "weight": r.get("weight", 1),
                    "consecutive_years": r.get("consecutive_years", 1),
                    "mandatory": r.get("mandatory", False),
                    "version": data["version"],
                    **sources,
                },
            )
    return WarningRule.objects.count()


def active_rules() -> tuple[list[warning_engine.Rule], float]:
    if not WarningRule.objects.exists():
        warning_rules_load()
    rules = [
        warning_engine.Rule(
            key=r.key,
            threshold=r.threshold,
            direction=r.direction,
            yellow_threshold=r.yellow_threshold,
            weight=r.weight,
            consecutive_years=r.consecutive_years,
            mandatory=r.mandatory,
        )
        for r in WarningRule.objects.filter(enabled=True)
    ]
    red = WarningSetting.objects.filter(key="red_weight").values_list("value", flat=True).first() or 2.0
    return rules, red


@transaction.atomic
def warning_rule_update(
    *, actor: Actor, rule: WarningRule, threshold: float, yellow_threshold: float | None, weight: float, enabled: bool
) -> WarningRule:
    actor = require_role(as_actor(actor), [Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER])
    rule.threshold, rule.yellow_threshold, rule.weight, rule.enabled = threshold, yellow_threshold, weight, enabled
    _clean(rule)
    rule.save()
    audit_record(
        actor=actor,
        action="warning.rule",
        target=rule,
        data={"threshold": threshold, "weight": weight, "enabled": enabled},
    )
    return rule


def warnings_recompute(*, majors=None, year: int | None = None) -> int:
    from ..selectors import major_indicator_history

    rules, red = active_rules()
    year = year or timezone.localdate().year - 1
    majors = majors if majors is not None else Major.objects.all()
    count = 0
    red_ids: list[int] = []
    for major in majors:
        history = major_indicator_history(major)
        verdict = warning_engine.evaluate(history, year, rules, red_weight=red)
        warning, _created = MajorWarning.objects.update_or_create(
            major=major,
            year=year,
            defaults={
                "level": verdict.level,
                "reasons": [
                    {
                        "key": f.key,
                        "status": f.status,
                        "value": f.value,
                        "threshold": f.threshold,
                        "years": list(f.years),
                    }
                    for f in verdict.findings
                ],
                "indicators": {k: {str(y): v for y, v in series.items()} for k, series in history.items()},
            },
        )
        if warning.level == "red":
            red_ids.append(warning.pk)
        count += 1
    if red_ids and _RED_WARNING_LISTENERS:
        transaction.on_commit(lambda: _tell_red_warning_listeners(red_ids))
    return count


def warnings_recompute_request(*, actor: Actor, majors, year: int | None = None) -> dict:
    """Judging the actor's majors again, asked for on the warnings page or the API: queued for a worker once the
    request commits (one run per set of majors and year within a minute); without a broker it runs at once."""
    from django.conf import settings

    from workbridge.core.debounce import queue_once

    from .. import tasks
    from ..permissions import require_warning_recompute

    require_warning_recompute(as_actor(actor))
    year = year or timezone.localdate().year - 1
    if not 2000 <= year <= timezone.localdate().year:
        message = _("Choose a year between 2000 and this year.")
        raise ValidationFailed(message, errors={"year": [message]})
    ids = sorted(m.pk for m in majors)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"year": year, "verdicts": warnings_recompute(majors=majors, year=year), "queued": False}
    queue_once(tasks.warnings_recompute, key=f"{year}:{hash(tuple(ids))}", window=5, major_ids=ids, year=year)
    audit_record(actor=actor, action="labour_market.warnings_recompute_queued", data={"year": year, "majors": len(ids)})
    return {"year": year, "verdicts": None, "queued": True}
