# Sourced by the other scripts: puts the project's tools on PATH.
# cargo-installed tools (trunk, wasm-bindgen) and npm-installed ones (wasm-opt from the
# `binaryen` package, playwright-core) are found here, never downloaded by Trunk.
BURNRATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BURNRATE_ROOT
export PATH="$BURNRATE_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
