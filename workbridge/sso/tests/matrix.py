"""Campus log-in routes are for people not yet logged in: anonymous access is their purpose (404 until the campus
server is configured; tests/sso drives them against real CAS and OIDC servers)."""

from workbridge.core.matrix import register_route

register_route("sso:*", public=True)
