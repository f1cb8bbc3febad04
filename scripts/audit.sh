#!/usr/bin/env bash
# Checks every pinned dependency (constraints.txt) against known vulnerability
# advisories with pip-audit. pip-audit lives in its own venv (.venv-audit)
# because it needs a newer `packaging` than Rasa 3.6 allows.
#   AUDIT_SERVICE=pypi (default) or osv; extra arguments go to pip-audit.
# Exits non-zero when an advisory applies, and also when the advisory service
# cannot be reached: a silent "nothing found" would be a lie.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv-audit/bin/pip-audit ]; then
    "${PYTHON_BOOTSTRAP:-python3.10}" -m venv .venv-audit
    .venv-audit/bin/pip install --quiet "pip-audit==2.10.1"
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
set +e
.venv-audit/bin/pip-audit --requirement constraints.txt --no-deps --disable-pip \
    --progress-spinner off --vulnerability-service "${AUDIT_SERVICE:-pypi}" "$@" 2>&1 | tee "$report"
status=${PIPESTATUS[0]}
set -e

pinned=$(grep -cE '^[A-Za-z0-9]' constraints.txt)
unaudited=$(grep -c "could not be audited" "$report" || true)
if grep -q "ConnectionError\|NameResolutionError" "$report" || [ "$unaudited" -ge "$pinned" ]; then
    echo "audit: the advisory service could not be reached from this machine;" \
         "nothing was audited. Run 'make audit' where pypi.org or api.osv.dev is reachable." >&2
    exit 3
fi
exit "$status"
