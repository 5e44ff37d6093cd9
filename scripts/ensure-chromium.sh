#!/usr/bin/env bash
# Prints the path of the Chromium that the browser tests drive (playwright-core downloads no
# browser of its own). With CHROMIUM_PATH set, prints it and touches nothing. Otherwise uses the
# machine's /usr/bin/chromium, installing Debian's `chromium` package when it is absent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi

BIN=/usr/bin/chromium
# Chinese pages need a CJK font; without one the screenshots show empty boxes.
PACKAGES=()
[ -x "$BIN" ] || PACKAGES+=(chromium)
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || PACKAGES+=(fonts-noto-cjk)
if [ "${#PACKAGES[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${PACKAGES[*]} from Debian's packages (for the browser tests)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PACKAGES[@]}" >&2 || die "apt-get could not install ${PACKAGES[*]}"
  [ -x "$BIN" ] || die "the chromium package installed no $BIN"
fi
echo "$BIN"
