#!/usr/bin/env bash
# Installs the browser the web workspace's tests drive (deploy/src/test/java/.../deploy/web): Debian's Chromium and
# its ChromeDriver, at /usr/bin/chromium and /usr/bin/chromedriver. Does nothing when both are there already.
# Needs root (CI runs as root); without them the browser tests skip themselves and the rest of the build runs.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    echo "install-browser: chromium and chromedriver already installed"
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "install-browser: run as root (apt-get install -y chromium chromium-driver)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/chromedriver --version | head -1)"
