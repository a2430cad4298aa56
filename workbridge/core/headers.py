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


def map_tiles() -> dict | None:
    """The operator's map tile server (``settings.MAP_TILE_URL``), or None when no map is configured.

    A page that shows the map must also let the browser load images from ``origin`` (its Content-Security-Policy
    allows only our own origin by default), so the origin is worked out here, once, and only for https/http URLs.
    """
    from urllib.parse import urlsplit

    from django.conf import settings

    url = (getattr(settings, "MAP_TILE_URL", "") or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return {
        "url": url,
        "origin": f"{parts.scheme}://{parts.netloc}",
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "") or parts.netloc,
    }
