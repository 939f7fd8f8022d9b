#!/usr/bin/env bash
# Runs every test of every module against a real PostgreSQL and a real Mosquitto (see ensure-infra.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-infra.sh
# Deployment files (compose, Dockerfiles, k8s) validated offline: no Docker engine needed.
bash scripts/validate-deploy.sh
exec mvn -B -ntp -Dstyle.color=never verify "$@"
