"""Demo region: load the regulation rule sets so every later seeder (placements at ORDER 40+) can check
positions, agreements and attendance against them and record violations."""

from __future__ import annotations

from . import services

ORDER = 35


def seed(ctx) -> None:
    loaded = services.rulesets_load_all()
    ctx.shared["rulesets"] = {(rs.jurisdiction, rs.year): rs for rs in loaded}
