"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from icons/counterdraft.svg.

Run it after editing the SVG (`make icons`, or `python packaging/render_icons.py`); the
rendered files are committed, so a package build does not need to render them. It is a
build tool outside the app, so it imports PySide6 directly rather than through
desktop/qt.py (which would pull QtSvg into the app for nothing).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402 - the platform must be chosen first
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent / "icons"
SVG = ICONS / "counterdraft.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows uses up to 256 px
ICNS_SIZES = (16, 32, 64, 128, 256, 512)  # the PNG sizes an .icns can hold (see _ICNS_TYPES)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """Return the icon drawn at `size` x `size` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """Return `image` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """Return a Windows .ico holding every size, each stored as PNG (valid since Windows Vista)."""
    pngs = [(size, png_bytes(image)) for size, image in sorted(images.items())]
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


# The PNG-based icon types of Apple's .icns format, by pixel size.
_ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icns_bytes(images: dict[int, QImage]) -> bytes:
    """Return a macOS .icns holding every size, each stored as PNG."""
    body = b"".join(
        _ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in ((size, png_bytes(image)) for size, image in sorted(images.items()))
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write counterdraft-<size>.png for every size, counterdraft.ico and counterdraft.icns."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: {SVG} is not a valid SVG", file=sys.stderr)
        return 2
    rendered = {size: render(renderer, size) for size in SIZES}
    for size, image in rendered.items():
        image.save(str(ICONS / f"counterdraft-{size}.png"))
    (ICONS / "counterdraft.ico").write_bytes(ico_bytes({s: rendered[s] for s in ICO_SIZES}))
    (ICONS / "counterdraft.icns").write_bytes(icns_bytes({s: rendered[s] for s in ICNS_SIZES}))
    del app
    print(f"wrote {len(SIZES)} PNG sizes, counterdraft.ico and counterdraft.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
