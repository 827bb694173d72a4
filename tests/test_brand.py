"""Tests of the brand images in custom_components/window_heatpump/brand/.

Home Assistant (2026.3 and later) serves a custom integration's own brand/ folder under
/api/brands/integration/<domain>/<image>; the names and sizes here are the ones it reads and
the home-assistant/brands rules ask for: icons square at 256 and 512 (@2x), logos with their
shortest side 128 and 256 (@2x), PNG with transparency, dark_ variants for dark themes.
The images are rendered from assets/brand/*.svg by scripts/render_brand.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.window_heatpump.const import DOMAIN

BRAND = Path(__file__).parent.parent / "custom_components" / DOMAIN / "brand"

# Image -> (width, height); a logo's width follows assets/brand/logo.svg's 3:2 aspect.
EXPECTED = {
    "icon.png": (256, 256),
    "icon@2x.png": (512, 512),
    "dark_icon.png": (256, 256),
    "dark_icon@2x.png": (512, 512),
    "logo.png": (192, 128),
    "logo@2x.png": (384, 256),
    "dark_logo.png": (192, 128),
    "dark_logo@2x.png": (384, 256),
}


def test_brand_folder_holds_exactly_the_images() -> None:
    """The folder holds every image Home Assistant reads and nothing else."""
    assert sorted(path.name for path in BRAND.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "size"), EXPECTED.items())
def test_brand_image(name: str, size: tuple[int, int]) -> None:
    """Each image is a PNG in RGBA of its size, with a transparent corner and something drawn."""
    with Image.open(BRAND / name) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        assert image.size == size
        assert image.getpixel((0, image.height - 1))[3] == 0  # type: ignore[index]
        alpha = image.getchannel("A")
        assert alpha.getextrema() == (0, 255)


@pytest.mark.parametrize("name", ["icon.png", "icon@2x.png", "logo.png", "logo@2x.png"])
def test_dark_variant_differs(name: str) -> None:
    """A dark_ variant is drawn for a dark background, not a copy of the light one."""
    with Image.open(BRAND / name) as light, Image.open(BRAND / f"dark_{name}") as dark:
        assert light.size == dark.size
        assert light.tobytes() != dark.tobytes()


async def test_home_assistant_serves_the_icon(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """GET /api/brands/integration/window_heatpump/<image> answers with the file's bytes."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "brands", {})
    client = await hass_client()
    for name in ("icon.png", "dark_logo@2x.png"):
        response = await client.get(f"/api/brands/integration/{DOMAIN}/{name}")
        assert response.status == HTTPStatus.OK
        assert response.content_type == "image/png"
        assert await response.read() == (BRAND / name).read_bytes()
