#!/usr/bin/env bash
# Idempotently install Debian's chromium (used by test/browser/harness.ts via
# playwright-core with executablePath=/usr/bin/chromium; Playwright's own
# browser download is not reachable from CI/sandbox machines).
#
# Usage: scripts/browser/ensure-chromium.sh      (needs root or sudo when installing)
# Env:   CHROMIUM_BIN (default /usr/bin/chromium)
set -euo pipefail

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

# chromium itself pulls its hard deps (libnss3, libgbm1, libvulkan1, ...).
# fonts-liberation: a real font so pages render; libgl1-mesa-dri / mesa-vulkan-drivers
# are NOT needed: WebGL/WebGPU run on chromium's bundled SwiftShader
# (libvk_swiftshader.so + libEGL/libGLESv2 from ANGLE ship in /usr/lib/chromium).
PKGS=(chromium fonts-liberation ca-certificates)

if [ -x "$CHROMIUM_BIN" ]; then
  echo "ensure-chromium: $CHROMIUM_BIN already present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "ensure-chromium: need root (or sudo) to apt-get install chromium" >&2; exit 1
    fi
  fi
  start=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
  end=$(date +%s)
  echo "ensure-chromium: installed ${PKGS[*]} in $((end - start)) s"
fi

if [ ! -x "$CHROMIUM_BIN" ]; then
  echo "ensure-chromium: $CHROMIUM_BIN still missing after install" >&2
  exit 1
fi

# Sanity: SwiftShader Vulkan ICD is what gives headless WebGPU without a GPU.
for f in /usr/lib/chromium/libvk_swiftshader.so /usr/lib/chromium/libGLESv2.so; do
  [ -e "$f" ] || echo "ensure-chromium: warning: $f not found (WebGL/WebGPU via SwiftShader may fail)" >&2
done

# (2>/dev/null: Debian's /etc/chromium.d/dev-shm prints a harmless "[: unexpected operator"
# when findmnt reports /dev/shm twice.)
"$CHROMIUM_BIN" --version 2>/dev/null
