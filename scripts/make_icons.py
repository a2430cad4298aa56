"""Draw WorkBridge's app icons and favicon (the character 桥, "bridge", white on the brand teal) with Pillow and the
WenQuanYi Micro Hei font the project already ships for its PDFs. Run once after a design change:

    .venv/bin/python scripts/make_icons.py

It writes workbridge/static/icons/ (committed): icon-192.png, icon-512.png, icon-maskable-512.png,
apple-touch-icon.png (180) and favicon.ico (16, 32, 48). The SVG favicon (favicon.svg) is written by hand."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "workbridge" / "core" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "workbridge" / "static" / "icons"
BRAND = (15, 110, 106)
GLYPH = "桥"


def icon(size: int, *, safe_zone: float = 0.78, rounded: bool = True) -> Image.Image:
    """A square icon; ``safe_zone`` is the share of the side the glyph may use (maskable icons keep it in the
    central 80 % circle)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=BRAND)
    else:
        draw.rectangle((0, 0, size, size), fill=BRAND)
    font = ImageFont.truetype(str(FONT), int(size * safe_zone * 0.82))
    left, top, right, bottom = draw.textbbox((0, 0), GLYPH, font=font)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    draw.text((x, y), GLYPH, font=font, fill=(255, 255, 255))
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192).save(OUT / "icon-192.png", optimize=True)
    icon(512).save(OUT / "icon-512.png", optimize=True)
    icon(512, safe_zone=0.6, rounded=False).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    icon(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
