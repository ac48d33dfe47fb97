#!/usr/bin/env bash
# System packages the tests and image exports use: Chromium (the HTML view's browser test), a CJK
# font (Chinese labels in PNG/SVG) and Virtuoso (tests/test_remote.py starts one: Debian's
# virtuoso-opensource, without the web admin pages it recommends; it adds about 15 s to a CI
# run, apt-get update included). Installed with apt-get when missing and root; otherwise say what
# is missing (the tests that need it then skip with that reason).
set -u
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
command -v virtuoso-t >/dev/null 2>&1 || virtuoso="virtuoso-opensource"
[ -z "$missing" ] && [ -z "${virtuoso:-}" ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "not installed (needs root and apt-get):$missing ${virtuoso:-}; the tests that need them will be skipped" >&2
  exit 0
fi
echo "installing system packages:$missing ${virtuoso:-}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "apt-get update failed" >&2; exit 0; }
if [ -n "$missing" ]; then
  apt-get install -y -q $missing >/dev/null || echo "could not install:$missing" >&2
fi
if [ -n "${virtuoso:-}" ]; then
  # the package would start a system-wide Virtuoso on ports 1111 and 8890; the tests start their
  # own, so a policy-rc.d that answers 101 ("not allowed") stops that while it is installed
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1; fi
  apt-get install -y -q --no-install-recommends virtuoso-opensource >/dev/null || echo "could not install: virtuoso-opensource" >&2
  [ -n "$own_policy" ] && rm -f "$policy"
fi
exit 0
