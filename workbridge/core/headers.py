"""Per-view adjustments to the security headers set by middleware (django-csp, django-permissions-policy)."""

from __future__ import annotations

from functools import wraps

from django_permissions_policy import PermissionsPolicyMiddleware


def permissions_policy(**allow: list[str]):
    """Re-allow browser features for one view, e.g. ``@permissions_policy(geolocation=["self"])``.

    Starts from ``settings.PERMISSIONS_POLICY`` (where everything is denied) and replaces only the named features
    (underscores stand for dashes); the middleware then sends this value instead of the site-wide one.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.conf import settings

            response = view(request, *args, **kwargs)
            policy = dict(getattr(settings, "PERMISSIONS_POLICY", {}))
            policy.update({name.replace("_", "-"): origins for name, origins in allow.items()})
            response._permissions_policy_override = PermissionsPolicyMiddleware.compute_header_value(
                policy, name="permissions_policy()"
            )
            return response

        return wrapped

    return decorator
