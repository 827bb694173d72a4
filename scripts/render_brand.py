"""Render the brand PNGs from assets/brand/*.svg (run through scripts/render_brand).

Sizes follow the home-assistant/brands rules that Home Assistant's /api/brands view mirrors:
an icon is square, 256x256 and 512x512 for @2x; a logo's shortest side is 128 (256 for @2x)
and keeps the source's aspect ratio. The dark_ variants are the same drawing with the light
palette swapped for one that reads on a dark background.
"""

from __future__ import annotations

from pathlib import Path

import resvg_py  # type: ignore[import-not-found]

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "assets" / "brand"
TARGET = REPO / "custom_components" / "window_heatpump" / "brand"

# Light colour -> dark colour. The heat and cool colours are lightened so they keep their
# contrast on a dark card; the casing turns dark and its outline light.
DARK_PALETTE = {
    "#ECEFF1": "#263238",
    "#37474F": "#CFD8DC",
    "#B0BEC5": "#546E7A",
    "#78909C": "#90A4AE",
    "#F4511E": "#FF7043",
    "#1E88E5": "#42A5F5",
}

# (source, output stem, shortest side at 1x)
IMAGES = (("icon.svg", "icon", 256), ("logo.svg", "logo", 128))


def _viewbox_size(svg: str) -> tuple[float, float]:
    """Return the width and height of the SVG's viewBox."""
    start = svg.index('viewBox="') + len('viewBox="')
    _, _, width, height = (float(part) for part in svg[start : svg.index('"', start)].split())
    return width, height


def _render(svg: str, shortest: int) -> bytes:
    """Render the SVG so that its shortest side is `shortest` pixels."""
    width, height = _viewbox_size(svg)
    scale = shortest / min(width, height)
    png = resvg_py.svg_to_bytes(
        svg_string=svg, width=round(width * scale), height=round(height * scale)
    )
    return bytes(png)


def main() -> None:
    """Write every image Home Assistant reads from brand/."""
    TARGET.mkdir(exist_ok=True)
    for source, stem, shortest in IMAGES:
        light = (SOURCES / source).read_text(encoding="utf-8")
        dark = light
        for light_colour, dark_colour in DARK_PALETTE.items():
            dark = dark.replace(light_colour, dark_colour)
        for prefix, svg in (("", light), ("dark_", dark)):
            for suffix, factor in (("", 1), ("@2x", 2)):
                path = TARGET / f"{prefix}{stem}{suffix}.png"
                path.write_bytes(_render(svg, shortest * factor))
                print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
