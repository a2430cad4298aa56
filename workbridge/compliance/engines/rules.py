"""The regulation rules engine (pure, no Django).

Rules are data: one YAML (or JSON) file per jurisdiction and year under ``compliance/data/rules/``
(``cn-2021.yaml``, ``de-2024.yaml``, ...). Each rule carries its id, bilingual description and message,
citation (document, article), certainty mark as given in the source, severity, the checkpoints where it is
checked, the facts it needs and its condition: a small expression over facts, parameters and lists,
evaluated by :func:`evaluate` with a restricted interpreter (no attribute access, no imports, no calls
except a fixed set of helpers). A new province or country is a new data file; the engine does not change.

API (used by placements):

``load_ruleset(jurisdiction="CN", year=2021, rules_dir=None) -> RuleSet``
``ruleset_from_dict(data) -> RuleSet`` (e.g. rebuilt from the database tables)
``evaluate(ruleset, facts, checkpoint) -> list[Finding]``
``evaluate_report(ruleset, facts, checkpoint) -> Report`` (findings plus the rules skipped for missing facts)

The fact vocabulary is :data:`FACTS` (documented in docs/compliance-rules.md); a rules file may declare
additional facts in its ``facts:`` section.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CHECKPOINTS = ("position_review", "agreement", "attendance", "placement_start")
SEVERITIES = ("critical", "high", "medium", "low")
DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"

# name: (type, description). Types: int, number, bool, str, list, time ("HH:MM").
FACTS: dict[str, tuple[str, str]] = {
    # Student
    "age": ("int", "student's age in whole years on the checked date"),
    "grade_year": ("int", "student's year of study (1 = first year)"),
    "gender": ("str", "'female', 'male' or '' if not recorded"),
    "is_minor": ("bool", "under 18 (derived from age when absent)"),
    "major_category_match": ("bool", "the post belongs to the student's major category (专业大类)"),
    "major_needs_long_term": ("bool", "the major needs a longer internship for licensing (nursing, clinical)"),
    # Internship / position
    "internship_kind": ("str", "'cognitive' (认识实习) or 'position' (岗位实习)"),
    "works_independently": ("bool", "the student works relatively independently (pay duty applies)"),
    "venue_category": ("str", "category of the workplace, e.g. 'factory', 'bar', 'ktv' (see lists)"),
    "work_categories": ("list", "tags of the work done, e.g. 'mine_underground', 'work_at_height'"),
    "minors_forbidden_work": ("bool", "the post includes work forbidden to minors (alternative to work_categories)"),
    "women_forbidden_work": ("bool", "the post includes work forbidden to women (alternative to work_categories)"),
    "physical_intensity_level": ("int", "physical labour intensity level I-IV as 1-4 (GB 3869)"),
    "harmful_work": ("bool", "work otherwise harmful to body or mind"),
    "only_simple_repetitive_work": ("bool", "the post is only simple repetitive work"),
    "via_agency": ("bool", "arranged or managed through an intermediary, HR agency or labour dispatch"),
    "daily_hours": ("number", "scheduled (or worked) hours per day"),
    "weekly_hours": ("number", "scheduled (or worked) hours per week"),
    "overtime_hours": ("number", "hours beyond the schedule in the checked period"),
    "shift_start": ("time", "shift start 'HH:MM'"),
    "shift_end": ("time", "shift end 'HH:MM' (may be past midnight)"),
    "night_shift": ("bool", "the schedule or a check-in includes night work"),
    "worked_on_holiday": ("bool", "work on a statutory holiday (from attendance or the schedule)"),
    "worked_on_rest_day": ("bool", "work on a weekly rest day"),
    "term_months": ("number", "length of the internship in months"),
    # Pay
    "monthly_pay": ("number", "pay to the student per month (yuan)"),
    "post_wage_reference": ("number", "host's wage for the same post, or its lowest grade (yuan/month)"),
    "pay_method": ("str", "'money_direct', 'goods', 'vouchers' or 'third_party'"),
    "pay_interval_days": ("int", "days between pay dates"),
    # Capacity
    "enterprise_staff_count": ("int", "host's on-post staff"),
    "enterprise_intern_count": ("int", "interns at the host at the same time, including this one"),
    "post_staff_count": ("int", "staff in this kind of post"),
    "post_intern_count": ("int", "interns in this kind of post, including this one"),
    # Documents and safeguards
    "has_agreement": ("bool", "tripartite agreement signed by school, host and student"),
    "agreement_items": ("list", "items the agreement states, e.g. 'pay', 'hours', 'insurance'"),
    "has_guardian_consent": ("bool", "guardian signed the informed consent"),
    "has_student_consent": ("bool", "student signed the informed consent"),
    "has_insurance": ("bool", "internship liability insurance covers the whole term"),
    "insurance_charged_to_student": ("bool", "the student paid any part of the insurance premium"),
    "has_safety_training": ("bool", "pre-placement safety and job training recorded"),
    "has_school_mentor": ("bool", "a school mentor is assigned"),
    "has_enterprise_mentor": ("bool", "an enterprise mentor is assigned"),
    "fee_charged": ("bool", "any deposit, fee, cut of pay or other charge to the student"),
    "fee_amount": ("number", "amount charged to the student (yuan)"),
    "probation_months": ("number", "probation period in months (apprenticeship contracts)"),
}


class RulesError(ValueError):
    """A rules file or fact set is malformed; the message names the file/rule/fact."""


class MissingFact(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    message_zh: str
    message_en: str
    citation: str
    certainty: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "citation": self.citation,
            "certainty": self.certainty,
            "details": self.details,
        }


@dataclass(frozen=True)
class Rule:
    id: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    document: str
    article: str
    certainty: str
    severity: str
    checkpoints: tuple[str, ...]
    needs: tuple[str, ...]
    when: str
    violation: str
    message_zh: str
    message_en: str
    source: str = ""
    enabled: bool = True
    referenced: tuple[str, ...] = ()  # facts the conditions read (shown in a finding's details)
    _when: Any = field(default=None, compare=False, repr=False)
    _violation: Any = field(default=None, compare=False, repr=False)

    @property
    def citation(self) -> str:
        return f"{self.document} {self.article}".strip()


@dataclass(frozen=True)
class RuleSet:
    jurisdiction: str
    year: int
    name_zh: str
    name_en: str
    version: str
    source: str
    rules: tuple[Rule, ...]
    params: dict
    lists: dict
    facts: dict  # full vocabulary: FACTS plus the file's own facts

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def as_dict(self) -> dict:
        """The data form (round-trips through ruleset_from_dict)."""
        return {
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "version": self.version,
            "name": {"zh": self.name_zh, "en": self.name_en},
            "source": self.source,
            "params": self.params,
            "lists": self.lists,
            "facts": {k: {"type": t, "description": d} for k, (t, d) in self.facts.items() if k not in FACTS},
            "rules": [_rule_dict(r) for r in self.rules],
        }


def _rule_dict(r: Rule) -> dict:
    return {
        "id": r.id,
        "title": {"zh": r.title_zh, "en": r.title_en},
        "description": {"zh": r.description_zh, "en": r.description_en},
        "citation": {"document": r.document, "article": r.article},
        "certainty": r.certainty,
        "severity": r.severity,
        "checkpoints": list(r.checkpoints),
        "needs": list(r.needs),
        "when": r.when,
        "violation": r.violation,
        "message": {"zh": r.message_zh, "en": r.message_en},
        "source": r.source,
        "enabled": r.enabled,
    }


@dataclass
class Report:
    findings: list[Finding]
    skipped: list[dict]  # {"rule_id", "missing": fact}
    checked: list[str]


# ---------------------------------------------------------------------------------------------------
# Restricted expressions
# ---------------------------------------------------------------------------------------------------


def _to_minutes(value) -> int:
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value))
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise ValueError(f"not a time HH:MM: {value!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def overlaps(start, end, window_start, window_end) -> bool:
    """Whether the shift [start, end) (may cross midnight) overlaps the daily window (may cross midnight)."""
    s, e, ws, we = (_to_minutes(v) for v in (start, end, window_start, window_end))

    def spans(a, b):
        return [(a, b)] if a < b else [(a, 1440), (0, b)] if a != b else [(0, 1440)]

    return any(a < d and c < b for a, b in spans(s, e) for c, d in spans(ws, we))


def _intersects(a, b) -> bool:
    return bool(set(a or ()) & set(b or ()))


def _missing_items(required, present) -> list:
    present = set(present or ())
    return [x for x in required if x not in present]


FUNCTIONS = {
    "fact": None,  # fact("name", default): an optional fact, handled by the evaluator
    "overlaps": overlaps,
    "intersects": _intersects,
    "missing_items": _missing_items,
    "len": len,
    "min": min,
    "max": max,
    "abs": abs,
}
_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Call,
    ast.IfExp,
    ast.Is,
    ast.IsNot,
)


def compile_expression(text: str, where: str, names: set[str]) -> ast.Expression:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise RulesError(f"{where}: cannot parse {text!r}: {exc.msg}")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise RulesError(f"{where}: {type(node).__name__} is not allowed in {text!r}")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                raise RulesError(f"{where}: only the functions {sorted(FUNCTIONS)} may be called in {text!r}")
            if node.func.id == "fact" and (
                len(node.args) != 2 or not isinstance(node.args[0], ast.Constant) or node.args[0].value not in names
            ):
                raise RulesError(f"{where}: fact() takes a known fact name in quotes and a default in {text!r}")
        elif (
            isinstance(node, ast.Name)
            and node.id not in names
            and node.id not in FUNCTIONS
            and node.id not in ("true", "false", "null")
        ):
            raise RulesError(f"{where}: unknown name {node.id!r} in {text!r}")
    return tree


_CONSTS = {"true": True, "false": False, "null": None}


class _Eval:
    def __init__(self, facts: dict, params: dict, lists: dict):
        self.facts, self.params, self.lists = facts, params, lists

    def __call__(self, node):
        method = getattr(self, type(node).__name__)
        return method(node)

    def Expression(self, node):
        return self(node.body)

    def Constant(self, node):
        return node.value

    def Name(self, node):
        name = node.id
        if name in _CONSTS:
            return _CONSTS[name]
        if name in self.params:
            return self.params[name]
        if name in self.lists:
            return self.lists[name]
        if name in self.facts and self.facts[name] is not None:
            return self.facts[name]
        raise MissingFact(name)

    def List(self, node):
        return [self(e) for e in node.elts]

    Tuple = List

    def BoolOp(self, node):
        if isinstance(node.op, ast.And):
            return all(self(v) for v in node.values)
        return any(self(v) for v in node.values)

    def UnaryOp(self, node):
        value = self(node.operand)
        return (not value) if isinstance(node.op, ast.Not) else -value

    def IfExp(self, node):
        return self(node.body) if self(node.test) else self(node.orelse)

    def BinOp(self, node):
        a, b = self(node.left), self(node.right)
        op = type(node.op)
        if op is ast.Add:
            return a + b
        if op is ast.Sub:
            return a - b
        if op is ast.Mult:
            return a * b
        return a / b

    def Compare(self, node):
        left = self(node.left)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = self(comp)
            ok = {
                ast.Eq: lambda a, b: a == b,
                ast.NotEq: lambda a, b: a != b,
                ast.Lt: lambda a, b: a < b,
                ast.LtE: lambda a, b: a <= b,
                ast.Gt: lambda a, b: a > b,
                ast.GtE: lambda a, b: a >= b,
                ast.In: lambda a, b: a in b,
                ast.NotIn: lambda a, b: a not in b,
                ast.Is: lambda a, b: a is b,
                ast.IsNot: lambda a, b: a is not b,
            }[type(op)](left, right)
            if not ok:
                return False
            left = right
        return True

    def Call(self, node):
        if node.func.id == "fact":
            value = self.facts.get(node.args[0].value)
            return self(node.args[1]) if value is None else value
        return FUNCTIONS[node.func.id](*[self(a) for a in node.args])


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


def _bilingual(where: str, value, key: str, *, required: bool = True) -> tuple[str, str]:
    if value is None and not required:
        return "", ""
    if not isinstance(value, dict) or not value.get("zh") or not value.get("en"):
        raise RulesError(f"{where}: '{key}' needs both 'zh' and 'en' text")
    return str(value["zh"]).strip(), str(value["en"]).strip()


def ruleset_from_dict(data: dict, *, origin: str = "rules") -> RuleSet:
    """Validate rules data and compile its expressions; raises RulesError naming the bad rule and field."""
    if not isinstance(data, dict):
        raise RulesError(f"{origin}: the file must hold a mapping")
    for key in ("jurisdiction", "year", "rules"):
        if key not in data:
            raise RulesError(f"{origin}: '{key}' is missing")
    jurisdiction = str(data["jurisdiction"]).upper()
    try:
        year = int(data["year"])
    except (TypeError, ValueError):
        raise RulesError(f"{origin}: year must be a number")
    name_zh, name_en = _bilingual(origin, data.get("name"), "name")
    params = dict(data.get("params") or {})
    lists = {k: list(v.get("items", v) if isinstance(v, dict) else v) for k, v in (data.get("lists") or {}).items()}
    facts = dict(FACTS)
    for fname, spec in (data.get("facts") or {}).items():
        if fname in FACTS:
            raise RulesError(f"{origin}: fact '{fname}' is already defined by the engine")
        if not isinstance(spec, dict) or spec.get("type") not in ("int", "number", "bool", "str", "list", "time"):
            raise RulesError(f"{origin}: fact '{fname}' needs a type (int, number, bool, str, list, time)")
        facts[fname] = (spec["type"], str(spec.get("description", "")))
    clash = (set(params) & set(lists)) | ((set(params) | set(lists)) & set(facts))
    if clash:
        raise RulesError(f"{origin}: names used twice among params, lists and facts: {sorted(clash)}")
    names = set(params) | set(lists) | set(facts)
    rules: list[Rule] = []
    seen: set[str] = set()
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise RulesError(f"{origin}: 'rules' must be a non-empty list")
    for i, raw in enumerate(data["rules"]):
        rid = raw.get("id") if isinstance(raw, dict) else None
        where = f"{origin}: rule {rid or f'#{i + 1}'}"
        if not rid or not re.fullmatch(r"[A-Za-z0-9_.\-]+", str(rid)):
            raise RulesError(f"{where}: id is missing or has characters other than letters, digits, . _ -")
        if rid in seen:
            raise RulesError(f"{where}: duplicate rule id")
        seen.add(rid)
        title = _bilingual(where, raw.get("title"), "title")
        description = _bilingual(where, raw.get("description"), "description")
        message = _bilingual(where, raw.get("message"), "message")
        citation = raw.get("citation") or {}
        if not citation.get("document") or not citation.get("article"):
            raise RulesError(f"{where}: citation needs 'document' and 'article'")
        if not raw.get("certainty"):
            raise RulesError(f"{where}: certainty mark is missing")
        severity = raw.get("severity")
        if severity not in SEVERITIES:
            raise RulesError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, got {severity!r}")
        checkpoints = tuple(raw.get("checkpoints") or ())
        bad = [c for c in checkpoints if c not in CHECKPOINTS]
        if not checkpoints or bad:
            raise RulesError(f"{where}: checkpoints must be a non-empty subset of {', '.join(CHECKPOINTS)}")
        needs = tuple(raw.get("needs") or ())
        unknown = [n for n in needs if n not in facts]
        if unknown:
            raise RulesError(f"{where}: needs unknown fact(s) {unknown}")
        if not raw.get("violation"):
            raise RulesError(f"{where}: 'violation' condition is missing")
        when = str(raw.get("when") or "true")
        violation = str(raw["violation"])
        when_tree = compile_expression(when, f"{where} (when)", names)
        violation_tree = compile_expression(violation, f"{where} (violation)", names)
        rule = Rule(
            id=str(rid),
            title_zh=title[0],
            title_en=title[1],
            description_zh=description[0],
            description_en=description[1],
            document=str(citation["document"]),
            article=str(citation["article"]),
            certainty=str(raw["certainty"]),
            severity=severity,
            checkpoints=checkpoints,
            needs=needs,
            when=when,
            violation=violation,
            message_zh=message[0],
            message_en=message[1],
            source=str(raw.get("source", "")),
            enabled=bool(raw.get("enabled", True)),
            referenced=_referenced(when, violation, needs, facts),
            _when=when_tree,
            _violation=violation_tree,
        )
        _check_template(rule.message_zh, f"{where} (message zh)", names)
        _check_template(rule.message_en, f"{where} (message en)", names)
        rules.append(rule)
    return RuleSet(
        jurisdiction=jurisdiction,
        year=year,
        name_zh=name_zh,
        name_en=name_en,
        version=str(data.get("version", "1")),
        source=str(data.get("source", "")),
        rules=tuple(rules),
        params=params,
        lists=lists,
        facts=facts,
    )


def _referenced(when: str, violation: str, needs: tuple, facts: dict) -> tuple[str, ...]:
    names = list(needs)
    for text in (when, violation):
        for node in ast.walk(ast.parse(text, mode="eval")):
            name = node.id if isinstance(node, ast.Name) else None
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "fact":
                name = node.args[0].value
            if name in facts and name not in names:
                names.append(name)
    return tuple(names)


def _check_template(text: str, where: str, names: set[str]) -> None:
    for name in re.findall(r"{([A-Za-z_][A-Za-z0-9_]*)}", text):
        if name not in names:
            raise RulesError(f"{where}: placeholder {{{name}}} is not a fact, param or list")


def ruleset_path(jurisdiction: str, year: int, rules_dir: Path | str | None = None) -> Path:
    base = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    stem = f"{jurisdiction.lower()}-{int(year)}"
    for suffix in (".yaml", ".yml", ".json"):
        path = base / f"{stem}{suffix}"
        if path.exists():
            return path
    raise RulesError(f"no rules file for {jurisdiction.upper()} {year} in {base} (expected {stem}.yaml)")


def read_rules_file(path: Path | str) -> dict:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise RulesError(f"{path.name}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}")


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> RuleSet:
    return ruleset_from_dict(read_rules_file(path), origin=Path(path).name)


def load_ruleset(jurisdiction: str = "CN", year: int = 2021, rules_dir: Path | str | None = None) -> RuleSet:
    path = ruleset_path(jurisdiction, year, rules_dir)
    ruleset = _load_cached(str(path), path.stat().st_mtime)
    if ruleset.jurisdiction != jurisdiction.upper() or ruleset.year != int(year):
        raise RulesError(f"{path.name}: declares {ruleset.jurisdiction} {ruleset.year}, not {jurisdiction} {year}")
    return ruleset


def available_rulesets(rules_dir: Path | str | None = None) -> list[tuple[str, int, Path]]:
    base = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    out = []
    for path in sorted(base.glob("*")):
        match = re.fullmatch(r"([a-z]{2}(?:-[a-z0-9]+)*)-(\d{4})\.(ya?ml|json)", path.name)
        if match:
            out.append((match.group(1).upper(), int(match.group(2)), path))
    return out


# ---------------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------------


def check_facts(ruleset: RuleSet, facts: dict) -> dict:
    """Type-check the facts and add derived ones; raises RulesError naming the bad fact."""
    out: dict = {}
    for name, value in facts.items():
        if name not in ruleset.facts:
            raise RulesError(f"unknown fact {name!r} (see docs/compliance-rules.md for the vocabulary)")
        if value is None:
            continue
        kind = ruleset.facts[name][0]
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
            "list": isinstance(value, list | tuple | set | frozenset),
            "time": isinstance(value, time | str),
        }[kind]
        if kind == "number" and not ok:
            try:
                value = float(value)  # Decimal from the database
                ok = not isinstance(value, bool)
            except (TypeError, ValueError):
                ok = False
        if kind == "time" and ok:
            try:
                _to_minutes(value)
            except ValueError:
                ok = False
        if not ok:
            raise RulesError(f"fact {name!r} must be of type {kind}, got {value!r}")
        out[name] = list(value) if kind == "list" else value
    if "is_minor" not in out and "age" in out:
        out["is_minor"] = out["age"] < 18
    return out


class _SafeFormat(dict):
    def __missing__(self, key):
        return "—"


PERCENT_SUFFIXES = ("_share", "_ratio")  # parameters stated as fractions and shown to people as percentages


def _render(template: str, values: dict) -> str:
    shown = {}
    for k, v in values.items():
        if k.endswith(PERCENT_SUFFIXES) and isinstance(v, (int, float)) and not isinstance(v, bool):
            v = f"{v * 100:g}%"
        elif isinstance(v, float) and v.is_integer():
            v = int(v)
        elif isinstance(v, float):
            v = round(v, 2)
        elif isinstance(v, list):
            v = ", ".join(map(str, v))
        shown[k] = v
    return template.format_map(_SafeFormat(shown))


def evaluate_report(ruleset: RuleSet, facts: dict, checkpoint: str) -> Report:
    if checkpoint not in CHECKPOINTS:
        raise RulesError(f"unknown checkpoint {checkpoint!r}; expected one of {', '.join(CHECKPOINTS)}")
    facts = check_facts(ruleset, facts)
    ev = _Eval(facts, ruleset.params, ruleset.lists)
    findings: list[Finding] = []
    skipped: list[dict] = []
    checked: list[str] = []
    for rule in ruleset.rules:
        if not rule.enabled or checkpoint not in rule.checkpoints:
            continue
        missing = [n for n in rule.needs if facts.get(n) is None]
        if missing:
            skipped.append({"rule_id": rule.id, "missing": missing})
            continue
        try:
            applies = bool(ev(rule._when))
            hit = applies and bool(ev(rule._violation))
        except MissingFact as exc:
            skipped.append({"rule_id": rule.id, "missing": [exc.name]})
            continue
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            raise RulesError(f"rule {rule.id}: cannot evaluate with these facts: {exc}")
        checked.append(rule.id)
        if not hit:
            continue
        values = {**ruleset.lists, **ruleset.params, **facts}
        details = {n: facts[n] for n in rule.referenced if n in facts}
        for name in re.findall(r"{([A-Za-z_][A-Za-z0-9_]*)}", rule.message_en + rule.message_zh):
            if name in ruleset.params:
                details[name] = ruleset.params[name]
        findings.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                message_zh=_render(rule.message_zh, values),
                message_en=_render(rule.message_en, values),
                citation=rule.citation,
                certainty=rule.certainty,
                details=details,
            )
        )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: order[f.severity])
    return Report(findings=findings, skipped=skipped, checked=checked)


def evaluate(ruleset: RuleSet, facts: dict, checkpoint: str) -> list[Finding]:
    """The findings (violations) of ``facts`` at ``checkpoint``, most severe first."""
    return evaluate_report(ruleset, facts, checkpoint).findings
