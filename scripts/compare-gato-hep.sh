#!/usr/bin/env bash
# Side-by-side comparison of gato-hep 0.2.1 and gato on the same events.
#
# Makes a Python virtual environment with gato-hep 0.2.1 (it pulls TensorFlow,
# about 1 GB), builds gato in release mode, generates the three-class and 1-D toys
# with gato-hep's own generators (seed 42), saves the events to .npz, trains both
# tools on them with the same settings, and prints per number of categories the
# seconds per epoch of each, their ratio, and the hard significances of both,
# computed in one place with one formula (the exact Asimov formula).
#
# Usage: scripts/compare-gato-hep.sh [--epochs 250] [--bins 3 5 10] [--toys three-class 1d-cuts] [--keep DIR]
# Environment: GATO_HEP_VENV (default .venv-gato-hep) to reuse an environment.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${GATO_HEP_VENV:-$root/.venv-gato-hep}"

if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv with gato-hep 0.2.1 (TensorFlow: about 1 GB to download)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
fi
if ! "$venv/bin/python" -c "import gatohep" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "gato-hep==0.2.1"
fi

echo "building gato (release)" >&2
swift build -c release --package-path "$root" --product gato >&2
gato="$(swift build -c release --package-path "$root" --show-bin-path)/gato"

exec "$venv/bin/python" "$root/scripts/compare_gato_hep.py" --gato "$gato" "$@"
