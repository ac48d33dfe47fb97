#!/usr/bin/env bash
# System packages the tests and image exports use: Chromium (the HTML view's browser test)
# and a CJK font (Chinese labels in PNG/SVG). Installed with apt-get when missing and root;
# otherwise say what is missing (the browser test then skips with that reason).
set -u
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null || {
    echo "could not install:$missing" >&2; exit 0; }
else
  echo "not installed (needs root and apt-get):$missing; the browser test will be skipped" >&2
fi
