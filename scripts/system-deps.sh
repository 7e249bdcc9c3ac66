#!/usr/bin/env sh
# Installs the system libraries hcdesk needs on Debian/Ubuntu when they are missing.
#   scripts/system-deps.sh test   libraries for Qt's offscreen platform (tests)
#   scripts/system-deps.sh run    + the X11/xcb libraries a desktop session needs
#   scripts/system-deps.sh dev    + Xvfb and poppler-utils (screenshots, PDF renders)
# On other systems it prints what to install and carries on; pip wheels bring everything else.
set -eu
what="${1:-test}"
pkgs="libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 poppler-utils"
case "$what" in
  run|dev) pkgs="$pkgs libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libx11-xcb1" ;;
esac
case "$what" in
  dev) pkgs="$pkgs xvfb xauth" ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; make sure Qt 6's runtime libraries (EGL, fontconfig, xkbcommon, xcb) are installed." >&2
  exit 0
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "system-deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "system-deps: please install as root:$missing" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
