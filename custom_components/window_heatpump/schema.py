"""The schema library Home Assistant validates with.

Home Assistant replaced voluptuous with its fork probatio during 2026; the oldest release
this integration supports (2026.4) still has only voluptuous. Both take the same schemas.
"""

try:
    import probatio as vol
except ImportError:  # pragma: no cover - Home Assistant before probatio
    import voluptuous as vol  # type: ignore[no-redef]

__all__ = ["vol"]
