"""Matrix registrations for privacy: each side's sample person is that side's student account, so another
region's school admin must get 404 on it (only the student's own school admin and the platform admin act)."""

from workbridge.core.matrix import register_route, register_sample
from workbridge.organizations.models import Role

register_sample("privacy_person", make=lambda w, side: (w.users if side == 1 else w.other)[Role.STUDENT])
register_route("privacy:person", user_id="privacy_person")
