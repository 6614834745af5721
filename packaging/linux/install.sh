#!/bin/sh
# Install the one-folder Linux build for one user (no root), or system-wide with PREFIX=/usr/local.
#
#   make package && packaging/linux/install.sh            # into ~/.local
#   sudo PREFIX=/usr/local packaging/linux/install.sh     # for every user
#
# Copies dist/Counterdraft to $PREFIX/lib/counterdraft, links $PREFIX/bin/counterdraft to it,
# and adds the menu entry, the icons and the AppStream metadata where desktops look for them.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APP_ID=app.counterdraft.Counterdraft
BUNDLE="$ROOT/dist/Counterdraft"

[ -x "$BUNDLE/counterdraft" ] || { echo "error: $BUNDLE/counterdraft is missing: run 'make package' first" >&2; exit 2; }

rm -rf "$PREFIX/lib/counterdraft"
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
cp -a "$BUNDLE" "$PREFIX/lib/counterdraft"
ln -sf "$PREFIX/lib/counterdraft/counterdraft" "$PREFIX/bin/counterdraft"
cp "$HERE/$APP_ID.desktop" "$PREFIX/share/applications/"
cp "$HERE/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
    folder="$PREFIX/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$folder"
    cp "$HERE/../icons/counterdraft-$size.png" "$folder/$APP_ID.png"
done
mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
cp "$HERE/../icons/counterdraft.svg" "$PREFIX/share/icons/hicolor/scalable/apps/$APP_ID.svg"
# Refresh the menus' caches where the tools exist; a desktop picks the files up anyway on login.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "Installed Counterdraft in $PREFIX (run: counterdraft, or find it in the Office menu)."
