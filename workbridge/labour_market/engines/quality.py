"""Span-level quality of skill extraction against a hand-labelled set (see docs/annotation-guide.md).

``load_gold(path)`` reads the JSON Lines gold file (one posting per line with ``text`` and ``spans``:
``start``, ``end``, ``type``). ``evaluate(extract, postings)`` runs ``extract(text) -> list[SkillMatch]`` on
each posting and returns a ``QualityReport`` with three scores, each precision / recall / F1 micro-averaged
over spans:

- ``strict``: a predicted span counts only if its start, end and type all equal a gold span's;
- ``span``: start and end equal, type ignored;
- ``relaxed``: the predicted span overlaps a gold span (each gold span can be matched once), type ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        counts = f"(tp={self.tp} fp={self.fp} fn={self.fn})"
        return f"{name:8s} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} {counts}"


@dataclass
class QualityReport:
    postings: int = 0
    strict: PRF = field(default_factory=PRF)
    span: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (posting id, kind, surface, type)

    def summary(self) -> str:
        return "\n".join(
            [
                f"postings={self.postings}",
                self.strict.line("strict"),
                self.span.line("span"),
                self.relaxed.line("relaxed"),
            ]
        )


def load_gold(path: str | Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
    return out


def _score_one(
    gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], report: QualityReport, pid: str, text: str
):
    gold_set = set(gold)
    pred_set = set(pred)
    tp = len(gold_set & pred_set)
    report.strict.tp += tp
    report.strict.fp += len(pred_set - gold_set)
    report.strict.fn += len(gold_set - pred_set)
    for s, e, t in sorted(pred_set - gold_set):
        report.errors.append((pid, "fp", text[s:e], t))
    for s, e, t in sorted(gold_set - pred_set):
        report.errors.append((pid, "fn", text[s:e], t))
    g_spans = {(s, e) for s, e, _ in gold}
    p_spans = {(s, e) for s, e, _ in pred}
    report.span.tp += len(g_spans & p_spans)
    report.span.fp += len(p_spans - g_spans)
    report.span.fn += len(g_spans - p_spans)
    used = set()
    rtp = 0
    for ps, pe in sorted(p_spans):
        for gs, ge in sorted(g_spans):
            if (gs, ge) not in used and ps < ge and gs < pe:
                used.add((gs, ge))
                rtp += 1
                break
    report.relaxed.tp += rtp
    report.relaxed.fp += len(p_spans) - rtp
    report.relaxed.fn += len(g_spans) - rtp


def evaluate(extract: Callable[[str], Iterable], postings: Iterable[dict]) -> QualityReport:
    report = QualityReport()
    for post in postings:
        text = post["text"]
        gold = [(s["start"], s["end"], s["type"]) for s in post["spans"]]
        pred = [(m.start, m.end, m.type) for m in extract(text)]
        _score_one(gold, pred, report, post.get("id", ""), text)
        report.postings += 1
    return report
