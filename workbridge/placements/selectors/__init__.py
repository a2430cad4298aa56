"""Reads of the placements app, one module per sub-domain (the same names as its services, engines and
templates), always scoped by the actor through core.access. Selectors never write and never import services.

Every public reader is re-exported here, so ``selectors.placement_list`` reads as before."""

# Star imports on purpose, as in services/__init__.py: a reader added to a module is reachable at once.
from .alerts import *  # noqa: F403
from .applications import *  # noqa: F403
from .attendance import *  # noqa: F403
from .common import *  # noqa: F403
from .placements import *  # noqa: F403
from .plans import *  # noqa: F403
from .positions import *  # noqa: F403
from .reports import *  # noqa: F403
from .rounds import *  # noqa: F403
