from django.conf import settings


def sso(request):
    """Which campus log-in buttons the log-in page shows (settings only: no query)."""
    configured = bool(settings.SSO_SCHOOL_NAME)
    return {
        "sso_cas": configured and bool(settings.CAS_SERVER_URL),
        "sso_oidc": configured and bool(settings.OIDC_OP_AUTHORIZATION_ENDPOINT),
    }
