"""The packaging files: icons rendered from the current SVG, a valid .desktop entry and AppStream data."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from desktop import __version__

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
APP_ID = "app.counterdraft.Counterdraft"
DESKTOP_FILE = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"


@pytest.fixture(scope="module")
def render_icons():
    """The packaging/render_icons.py module (packaging/ is not a Python package)."""
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _largest_difference(a, b) -> int:
    """Return the largest difference of any colour channel of any pixel of two same-size images."""
    from PySide6.QtGui import QImage

    converted = [image.convertToFormat(QImage.Format.Format_ARGB32) for image in (a, b)]  # kept alive
    first, second = (bytes(image.constBits()) for image in converted)
    assert len(first) == len(second)
    return max(abs(x - y) for x, y in zip(first, second))


def test_the_committed_pngs_are_the_svg_rendered_now(qapp, render_icons):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(render_icons.SVG))
    assert renderer.isValid()
    for size in render_icons.SIZES:
        committed = QImage(str(render_icons.ICONS / f"counterdraft-{size}.png"))
        assert (committed.width(), committed.height()) == (size, size)
        fresh = render_icons.render(renderer, size)
        # A small tolerance: another Qt release may antialias an edge a shade differently.
        assert _largest_difference(committed, fresh) <= 24, f"counterdraft-{size}.png is stale: run `make icons`"


def test_the_ico_holds_every_windows_size_as_png(render_icons):
    data = (render_icons.ICONS / "counterdraft.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(render_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == list(render_icons.ICO_SIZES)


def test_the_icns_holds_every_macos_size(render_icons):
    data = (render_icons.ICONS / "counterdraft.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, offset = [], 8
    while offset < len(data):
        kinds.append(data[offset:offset + 4])
        offset += struct.unpack_from(">I", data, offset + 4)[0]
    assert kinds == [render_icons._ICNS_TYPES[size] for size in render_icons.ICNS_SIZES]


def test_the_desktop_entry_launches_the_bundle_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(DESKTOP_FILE, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Type"] == "Application" and group["Name"] == "Counterdraft"
    assert group["Exec"].split()[0] == "counterdraft"  # the Linux executable the spec builds
    assert group["Icon"] == APP_ID and group["Categories"].startswith("Office;")
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_the_appstream_metadata_names_the_desktop_entry():
    root = etree.parse(str(METAINFO)).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "counterdraft"
    assert root.find("releases/release").get("version") == __version__
    if shutil.which("appstreamcli"):
        done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
