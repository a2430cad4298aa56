"""Pure talent-demand engines (no Django imports).

Modules and the names other code relies on:

- ``salary``: ``parse_salary(text) -> SalaryParse`` (monthly yuan min/max, months per year).
- ``area``: ``parse_area(text) -> AreaParse`` (province, city, district).
- ``bands``: ``education_band(text)``, ``experience_band(text)`` -> normalised codes.
- ``dedupe``: ``posting_fingerprint(title, company, text)`` and ``NearDuplicateIndex`` (MinHash + LSH bands).
- ``textnorm``: ``normalize(text) -> Normalized`` (half-width, case-folded, with an offset map to the original).
- ``taxonomy``: ``load_taxonomy(path=None) -> SkillTaxonomy`` from ``labour_market/data/skills.jsonl``.
- ``extract``: ``SkillExtractor`` / ``default_extractor()``; ``extract(text) -> list[SkillMatch]``.
- ``occupation``: ``OccupationCoder`` / ``default_coder()``; ``code(title) -> OccupationCode``.
- ``occupation_eval``: ``evaluate(coder, rows)`` scores a labelled title set (exact, two-level, coverage, reliability).
- ``quality``: ``load_gold(path)``, ``evaluate(extract, postings) -> QualityReport`` (strict / span / relaxed P, R, F1).
- ``postings``: ``PostingRow`` and ``analyse_posting(row)`` used by the ``extract_skills`` command (files are read by
  ``labour_market.tabular.posting_rows``, the product's one reader).
- ``dates``: ``parse_month(text)``; ``pipeline``: one posting from raw fields to a stored draft.
- ``curriculum``: the post -> capability -> course matrix; ``fields``: a major's field and each skill's relevance.
- ``warning``: the warning rules, their back-test and measured record; ``indicators``: a major's yearly indicators.

Data files live in ``workbridge/labour_market/data/`` (each with its source and licence in its header or in
``data/SOURCES.md``).
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
