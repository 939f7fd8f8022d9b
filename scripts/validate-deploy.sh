#!/usr/bin/env bash
# Offline validation of the deployment files (no Docker engine, no cluster needed):
#   - docker-compose.yml: Compose Specification schema (deploy/schemas/compose-spec.json), house rules
#     (healthcheck on every service, depends_on with service_healthy, build contexts/Dockerfiles and
#     bind mounts exist, no literal secrets, fleet file hosts), and `docker-compose config` (Debian's
#     docker-compose) with deploy/compose.env.example; without any env it must refuse to render
#     (required secrets are enforced);
#   - Dockerfiles: dockerfile-utils lint, tagged bases, non-root USER, HEALTHCHECK, built module is in
#     the reactor;
#   - k8s/**/*.yaml: every object against the Kubernetes OpenAPI schema of its kind (kubernetes-models),
#     unknown fields (TypeScript excess-property check with kubernetes-types), references (ConfigMap/
#     Secret keys, Service selectors and target ports, HPA targets, StatefulSet serviceName), probes and
#     resource requests on every container, kustomization.yaml lists every file.
#
# Usage: scripts/validate-deploy.sh          (exit 0 = valid; 1 = problems, listed one per line)
# Tools are installed once (npm packages pinned by deploy/validate/package-lock.json, into
# $UPSFLEET_TOOLS_DIR or ~/.cache/upsfleet/deploy-validate; Debian's docker-compose via apt-get).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="${UPSFLEET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/upsfleet/deploy-validate}"
fail() { echo "validate-deploy: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is required (Debian: apt-get install nodejs npm)"
command -v npm >/dev/null || fail "npm is required (Debian: apt-get install npm)"

# --- npm tools, reinstalled only when the lock file changes
mkdir -p "$tools"
stamp="$(sha256sum "$repo/deploy/validate/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$tools/.stamp" || "$(cat "$tools/.stamp")" != "$stamp" || ! -d "$tools/node_modules" ]]; then
  echo "validate-deploy: installing npm tools into $tools"
  cp "$repo/deploy/validate/package.json" "$repo/deploy/validate/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed in $tools"
  echo "$stamp" >"$tools/.stamp"
fi

# --- Debian's docker-compose (1.29, Python): renders and checks the file without an engine.
# --no-install-recommends: only its Python libraries, not docker.io/containerd.
if ! command -v docker-compose >/dev/null; then
  echo "validate-deploy: installing docker-compose (apt)"
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  { $sudo apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1; }; } ||
    fail "could not install docker-compose with apt-get"
fi

status=0
echo "validate-deploy: schema and rule checks"
node "$repo/deploy/validate/validate.mjs" "$repo" "$tools" || status=1

echo "validate-deploy: docker-compose config"
compose=(docker-compose --project-directory "$repo" -f "$repo/docker-compose.yml")
# An empty environment: no .env and no UPSFLEET_* variables of the caller leak into the checks.
clean_env=(env -i "PATH=$PATH" "HOME=$HOME")
if ! out="$("${clean_env[@]}" "${compose[@]}" --env-file "$repo/deploy/compose.env.example" config -q 2>&1)"; then
  echo "ERROR docker-compose.yml: docker-compose config with deploy/compose.env.example: ${out//$'\n'/ }" >&2
  status=1
fi
empty_env="$(mktemp)"
trap 'rm -f "$empty_env"' EXIT
if out="$("${clean_env[@]}" "${compose[@]}" --env-file "$empty_env" config -q 2>&1)"; then
  echo "ERROR docker-compose.yml: renders without any secret set; passwords must be required (\${VAR:?...})" >&2
  status=1
elif ! grep -q 'Missing mandatory value' <<<"$out"; then
  echo "ERROR docker-compose.yml: without env, docker-compose failed for another reason than a missing secret: ${out//$'\n'/ }" >&2
  status=1
fi

if [[ $status -ne 0 ]]; then
  echo "validate-deploy: FAILED" >&2
  exit 1
fi
echo "validate-deploy: OK (docker-compose.yml, Dockerfiles, k8s/)"
