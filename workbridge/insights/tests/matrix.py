"""Matrix registrations for insights routes (see workbridge/core/matrix.py). The drill-down takes the R&D figure,
whose records (projects, registered by research's matrix samples) carry each side's marker title."""

from workbridge.core.matrix import Const, register_route

register_route("insights:drill", key=Const("rnd"))
register_route("insights:report-download", fmt=Const("xlsx"))
