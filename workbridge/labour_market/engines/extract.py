"""Skill extraction from posting text: spans, taxonomy ids, types and requirement strength.

``default_extractor().extract(text) -> list[SkillMatch]`` (the extractor is built once from the taxonomy and
cached). Each ``SkillMatch(skill_id, name, type, start, end, strength, surface)`` has ``start``/``end``
indexing the ORIGINAL text (``text[start:end] == surface``). ``strength`` is one of ``STRENGTHS`` or ``None``:
``aware`` (了解/懂), ``familiar`` (熟悉), ``proficient`` (熟练/掌握/会使用), ``expert`` (精通), ``preferred``
(…优先 / 加分 / 更佳 in the same sub-clause after the skill).

Pipeline (fast path, no model):

1. ``textnorm.normalize``: full-width -> half-width, Latin case-folded, with an offset map.
2. One pyahocorasick automaton over every surface form (names, aliases, abbreviations) plus a stop list of
   non-skill phrases (benefits such as 五险一金, 双休, 包吃住; and blockers such as 销售额) that win the
   longest-match and are then dropped.
3. Boundary rules for Latin forms: a form that starts/ends with a letter or digit must not touch another
   letter/digit (``Java`` is not found in ``JavaScript``), and a form ending in a letter must not be followed
   by ``+``/``#`` (``C`` is not found in ``C++`` or ``C#``).
4. Ambiguous short forms (``C``, ``R``, ``Go``, ``PS``, flagged in the taxonomy) only count in a skills
   context: directly followed by 语言/编程, or sitting in a list (``/、,，和或及``) next to another skill.
5. Leftmost-longest resolution of overlaps (``iter_long``); a skill found twice keeps every span.
6. Majors named as education requirements ("计算机、自动化等相关专业", "模式识别领域的研究生") and occupation
   nouns ("数据分析师", "软件工程师": a skill or knowledge term followed by 师/工程师/助理/专员 …) are dropped.
7. Two-character Chinese terms must be words where they stand: a unigram comparison with jieba's
   dictionary frequencies rejects 会计 in 会计算 or 化工 in 产品化工作 (``segment_check=True``; measured in
   docs/annotation-guide.md: strict precision +0.003 to +0.005 on the labelled postings).

Quality on the hand-labelled postings is checked by ``tests/engines/test_quality.py``; throughput by
``bench/bench_extraction.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .taxonomy import SkillTaxonomy, default_taxonomy
from .textnorm import normalize

STRENGTHS = ("aware", "familiar", "proficient", "expert", "preferred")

# Benefits and other phrases that contain or look like skill words but are not skills.
STOP_PHRASES = (
    "五险一金",
    "六险一金",
    "五险二金",
    "五险",
    "社会保险",
    "补充医疗保险",
    "商业保险",
    "意外险",
    "住房公积金",
    "双休",
    "周末双休",
    "单休",
    "大小周",
    "包吃住",
    "包吃",
    "包住",
    "免费住宿",
    "员工宿舍",
    "餐补",
    "房补",
    "年终奖",
    "年终奖金",
    "年底双薪",
    "十三薪",
    "绩效奖金",
    "全勤奖",
    "项目奖金",
    "股票期权",
    "期权激励",
    "带薪年假",
    "带薪休假",
    "法定节假日",
    "员工旅游",
    "定期体检",
    "免费体检",
    "节日福利",
    "生日福利",
    "交通补贴",
    "餐饮补贴",
    "通讯补贴",
    "住房补贴",
    "加班补贴",
    "高温补贴",
    "出差补贴",
    "免费班车",
    "弹性工作",
    "弹性工作制",
    "专业培训",
    "岗前培训",
    "带薪培训",
    "晋升空间",
    "下午茶",
    "零食",
    "销售额",
    "销售收入",
    "销售业绩",
    "营销中心",
    "数据中心",
    "测试中心",
    "研发中心",
    "计算中心",
    "自动化所",
    "会计师事务所",
    "护士长",
    "工程师",
    "项目经理",
    "产品经理助理",
    "补充公积金",
    "补充医疗保险",
    "社保公积金",
    "缴纳社保",
    "购买社保",
    "社保",
    # a skill word naming a team, department, target or document rather than the skill
    "销售团队",
    "销售部门",
    "销售目标",
    "销售策略",
    "销售机会",
    "销售过程",
    "销售人员",
    "销售支持团队",
    "营销策略",
    "营销系统",
    "营销中心",
    "营销类",
    "营销部门",
    "项目管理部门",
    "产品规划部门",
    "会计政策",
    "会计职称",
    "招聘要求",
    "招聘人数",
    "招聘职位",
)
# A skill or knowledge word directly followed by one of these names an occupation (数据分析师, 软件工程师,
# 图像处理工程师): not a skill mention. Tools and languages stay (Java工程师 asks for Java).
_OCCUPATION_SUFFIX_RE = re.compile(r"工程师|师|助理|专员|实习生|主管|经理|岗")
_OCCUPATION_SUFFIX_FIRST = frozenset("工师助专实主经岗")
_CUE_SEPARATORS = "/\\、,，;；|和及与或"
_STRENGTH_WORDS = (
    ("熟练掌握", "proficient"),
    ("精通", "expert"),
    ("熟练", "proficient"),
    ("掌握", "proficient"),
    ("会使用", "proficient"),
    ("能使用", "proficient"),
    ("能够使用", "proficient"),
    ("熟悉", "familiar"),
    ("了解", "aware"),
    ("懂", "aware"),
    # English postings (and English clauses in Chinese ones): longest first, matched without case
    ("expert in", "expert"),
    ("expertise in", "expert"),
    ("mastery of", "expert"),
    ("proficiency in", "proficient"),
    ("proficient in", "proficient"),
    ("proficient with", "proficient"),
    ("strong knowledge of", "proficient"),
    ("hands-on experience with", "proficient"),
    ("solid experience with", "proficient"),
    ("experience with", "familiar"),
    ("experience in", "familiar"),
    ("familiarity with", "familiar"),
    ("familiar with", "familiar"),
    ("working knowledge of", "familiar"),
    ("basic understanding of", "aware"),
    ("basic understanding", "aware"),
    ("basic knowledge of", "aware"),
    ("knowledge of", "aware"),
    ("understanding of", "aware"),
    ("exposure to", "aware"),
)
_STRENGTH_RE = re.compile("|".join(re.escape(w) for w, _ in _STRENGTH_WORDS), re.IGNORECASE)
_STRENGTH_OF = dict(_STRENGTH_WORDS)
_PREFERRED_RE = re.compile(r"优先|加分|更佳|为佳|者佳|is a plus|preferred|plus")
# The leading look-ahead names every character a break can start with: the same matches, but the scanner skips
# the other positions without trying each alternative (the clause scan was a fifth of the extraction time).
_CLAUSE_BREAK_RE = re.compile(
    r"(?=[。；;！!？?\n\r\d一二三四五六七八九十（(])"
    r"(?:[。；;！!？?\n\r]|(?<![\d.])(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．:：)）](?!\d)|[（(]\s*\d{1,2}\s*[)）])"
)
_SUBCLAUSE_BREAK_RE = re.compile(r"[,，]")
# "计算机、自动化、通信等相关专业": a list of fields closed by 专业 names majors, not skills; "专业四级" (TEM-4),
# "专业知识" and "专业技能" do not close such a list.
_MAJOR_CONTEXT_RE = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9+#、,/或及和与\s()（）]{0,40}?(?:等|或)?(?:相关|类|方向)?"
    r"(?:专业(?!四级|八级|知识|技能|能力|术语|英语|素养|水平|培训|服务|技术|软件|工具|人员|人士)"
    r"|(?:领域|方向)的?(?:研究生|博士|硕士))"
)
_MAJOR_ANCHOR_RE = re.compile(r"专业|领域|方向")
_MAJOR_REACH = 43  # {0,40} list characters, 等/或, 相关/类/方向, then the anchor
_MAJOR_GAP_BLOCK_RE = re.compile(r"熟悉|掌握|精通|了解|经验|优先|能力|使用|负责|开发|\d")
_LATIN = re.compile(r"[a-z0-9]")
# "熟悉python/java5、良好的…": a list number glued to the previous item is not part of the word
_LIST_NUMBER_RE = re.compile(r"\d{1,2}\s*[、.．)）](?!\d)")
_KIND_SKILL, _KIND_STOP = 0, 1


@dataclass(slots=True)
class SkillMatch:
    skill_id: str
    name: str
    type: str
    start: int
    end: int
    strength: str | None
    surface: str = ""

    def as_dict(self) -> dict:
        return {
            "id": self.skill_id,
            "name": self.name,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "strength": self.strength,
        }


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


class SkillExtractor:
    def __init__(
        self,
        taxonomy: SkillTaxonomy,
        stop_phrases=STOP_PHRASES,
        drop_majors: bool = True,
        segment_check: bool = True,
    ):
        self.taxonomy = taxonomy
        self.drop_majors = drop_majors
        self.segment_check = segment_check
        if segment_check:
            _jieba()
        self._skills = list(taxonomy)
        # per skill, what the hot loop reads: id, Chinese name, type, and whether an occupation suffix voids it
        self._facts = [(s.id, s.name_zh, s.type, s.type in ("skill", "knowledge")) for s in self._skills]
        auto = ahocorasick.Automaton()
        for idx, skill in enumerate(self._skills):
            ambiguous = {a.lower() for a in skill.ambiguous_aliases}
            for form in skill.surface_forms():
                if form.lower() not in ambiguous:  # "R" / "C" / "Go" as names are still ambiguous forms
                    self._add(auto, form, (_KIND_SKILL, idx, False))
            for form in skill.ambiguous_aliases:
                self._add(auto, form, (_KIND_SKILL, idx, True))
        for phrase in stop_phrases:
            self._add(auto, phrase, (_KIND_STOP, -1, False), override=True)
        auto.make_automaton()
        self._auto = auto

    @staticmethod
    def _add(auto, form: str, value, override: bool = False):
        key = normalize(form.strip()).text
        if not key:
            return
        if key in auto and not override:
            return  # the taxonomy build already gives each surface form a single owner
        stripped = key.strip()
        auto.add_word(
            key, (len(key), _LATIN.match(stripped[:1]) is not None, _LATIN.match(stripped[-1:]) is not None, *value)
        )

    # -- public -------------------------------------------------------------------------------------
    def extract(self, text: str | None) -> list[SkillMatch]:
        if not text:
            return []
        norm = normalize(text)
        t = norm.text
        n = len(t)
        skills = []
        # iter_long: leftmost-longest, non-overlapping (stop phrases take part and are dropped after)
        for end_idx, (length, latin_start, latin_end, kind, idx, ambiguous) in self._auto.iter_long(t):
            start = end_idx - length + 1
            end = end_idx + 1
            if latin_start and start > 0 and t[start - 1] in _WORD_CHARS:
                continue
            if latin_end and end < n:
                nxt = t[end]
                if nxt in _WORD_CHARS and not (nxt.isdigit() and _LIST_NUMBER_RE.match(t, end)):
                    continue
                if nxt == "#" or (nxt == "+" and t[end + 1 : end + 2] == "+"):  # C vs C# / C++
                    continue
                if nxt == "." and end + 1 < n and t[end + 1] in _WORD_CHARS:
                    continue
            if kind == _KIND_SKILL:
                skills.append((start, end, kind, idx, ambiguous))
        if not skills:
            return []
        ctx = _Context(t)
        check_majors = self.drop_majors and ("专业" in t or "领域的" in t or "方向的" in t)
        # where a major list can close (专业 / 领域 / 方向): _MAJOR_CONTEXT_RE only matches when one of them starts
        # within _MAJOR_REACH characters after the skill, so most skills skip the regex
        anchors = [m.start() for m in _MAJOR_ANCHOR_RE.finditer(t)] if check_majors else []
        out = []
        facts = self._facts
        offsets = norm.offsets
        strength = ctx.strength
        last_end = -10  # end of the last accepted span (normalised text)
        for i, (start, end, _kind, idx, ambiguous) in enumerate(skills):
            if ambiguous and not self._ambiguous_ok(t, start, end, skills, i, last_end):
                continue
            if anchors:
                k = bisect_left(anchors, end)
                if k < len(anchors) and anchors[k] <= end + _MAJOR_REACH and self._in_major_list(t, start, end):
                    continue
            skill_id, name_zh, skill_type, occupational = facts[idx]
            if end < n and occupational and t[end] in _OCCUPATION_SUFFIX_FIRST and _OCCUPATION_SUFFIX_RE.match(t, end):
                continue
            if (
                self.segment_check
                and end - start == 2
                and "\u4e00" <= t[start] <= "\u9fff"
                and "\u4e00" <= t[start + 1] <= "\u9fff"
                and not _segment_ok(t, start, end)
            ):
                continue
            last_end = end
            o_start, o_end = (start, end) if offsets is None else norm.to_original(start, end)
            out.append(
                SkillMatch(skill_id, name_zh, skill_type, o_start, o_end, strength(start, end), text[o_start:o_end])
            )
        return out

    def extract_ids(self, text: str | None) -> list[str]:
        seen, ids = set(), []
        for m in self.extract(text):
            if m.skill_id not in seen:
                seen.add(m.skill_id)
                ids.append(m.skill_id)
        return ids

    # -- rules --------------------------------------------------------------------------------------
    @staticmethod
    def _ambiguous_ok(t: str, start: int, end: int, skills, i: int, last_end: int) -> bool:
        after = t[end : end + 3].lstrip()
        if after.startswith("&"):  # R&D, P&L
            return False
        if after.startswith(("语言", "编程", "程序", "代码", "++")):
            return True
        before = t[max(0, start - 2) : start].rstrip()
        before_sep = bool(before) and before[-1] in _CUE_SEPARATORS
        after_sep = bool(after) and after[0] in _CUE_SEPARATORS
        # a neighbour in a list: the previous accepted skill, or the next unambiguous one, sits right across
        # the separator ("Python/R/Go": R leans on Python, Go on the accepted R)
        if before_sep and start - last_end <= 3:
            return True
        if after_sep and i + 1 < len(skills) and not skills[i + 1][4] and skills[i + 1][0] - end <= 3:
            return True
        return False

    @staticmethod
    def _in_major_list(t: str, start: int, end: int) -> bool:
        m = _MAJOR_CONTEXT_RE.match(t, end)
        if not m or _MAJOR_GAP_BLOCK_RE.search(m.group(0)):
            return False
        # "专业" must close a list of fields that starts this sub-clause (计算机、自动化、通信等相关专业)
        segment = t[max(0, start - 30) : start]
        cut = max(segment.rfind(c) for c in "，,。；;：:\n")
        segment = segment[cut + 1 :]
        return "熟悉" not in segment and "掌握" not in segment and "精通" not in segment and "具备" not in segment


class _Context:
    """Positions of clause breaks, commas and strength cues in one text, found once per text."""

    __slots__ = ("breaks", "commas", "cues", "preferred")

    def __init__(self, t: str):
        self.breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK_RE.finditer(t)]
        self.cues = [(m.start(), _STRENGTH_OF[m.group(0).lower()]) for m in _STRENGTH_RE.finditer(t)]
        self.preferred = [m.start() for m in _PREFERRED_RE.finditer(t)]
        # commas only matter to place "preferred": skip the scan when the text never says it
        self.commas = [m.start() for m in _SUBCLAUSE_BREAK_RE.finditer(t)] if self.preferred else []

    def strength(self, start: int, end: int) -> str | None:
        # clause: from the last hard break before the skill to the next one after it
        k = bisect_left(self.breaks, (start, -1))
        clause_start = self.breaks[k - 1][1] if k > 0 else 0
        while k < len(self.breaks) and self.breaks[k][0] < end:
            k += 1
        clause_end = self.breaks[k][0] if k < len(self.breaks) else 1 << 30
        # the sub-clause after the skill (to the next comma) decides "preferred"
        c = bisect_left(self.commas, end)
        sub_end = min(self.commas[c] if c < len(self.commas) else 1 << 30, clause_end)
        p = bisect_left(self.preferred, end)
        if p < len(self.preferred) and self.preferred[p] < sub_end:
            return "preferred"
        q = bisect_left(self.cues, (start, ""))
        if q > 0 and self.cues[q - 1][0] >= clause_start:
            return self.cues[q - 1][1]
        return None


_JIEBA = None


def _jieba():
    global _JIEBA
    if _JIEBA is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        _JIEBA = tok
    return _JIEBA


def _segment_ok(t: str, start: int, end: int) -> bool:
    """Is the two-character Chinese term t[start:end] a word here, or does a neighbouring character bind
    tighter? Compares the two local segmentations with jieba's word frequencies (a unigram model):
    会计算 = [会][计算] beats [会计][算], so 会计 is not found there; 销售经验 keeps 销售. Two dictionary
    look-ups per side instead of segmenting the whole posting."""
    freq = _jieba().FREQ
    a, b = t[start], t[start + 1]
    term = freq.get(a + b, 0) + 1
    if end < len(t) and "\u4e00" <= t[end] <= "\u9fff":
        c = t[end]
        bc = freq.get(b + c, 0)
        if bc and (freq.get(a, 0) + 1) * bc > term * (freq.get(c, 0) + 1) * 4:
            return False
    if start > 0 and "\u4e00" <= t[start - 1] <= "\u9fff":
        p = t[start - 1]
        pa = freq.get(p + a, 0)
        if pa and pa * (freq.get(b, 0) + 1) > term * (freq.get(p, 0) + 1) * 4:
            return False
    return True


@lru_cache(maxsize=1)
def default_extractor() -> SkillExtractor:
    return SkillExtractor(default_taxonomy())
