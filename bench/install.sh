#!/usr/bin/env bash
# Installs the bench's tools when missing (Debian/Ubuntu): wrk, nginx-light, curl, jq.
# Debian's nginx package may start a system nginx on :80; the bench runs its own instance.
set -euo pipefail
missing=()
for t in wrk nginx curl jq; do command -v "$t" >/dev/null || missing+=("$t"); done
if [ ${#missing[@]} -eq 0 ]; then echo "bench tools present: wrk nginx curl jq"; exit 0; fi
pkgs=()
for t in "${missing[@]}"; do [ "$t" = nginx ] && pkgs+=(nginx-light) || pkgs+=("$t"); done
echo "installing: ${pkgs[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}"
