"""The climate-entity bridge: wraps another integration's climate entity."""
