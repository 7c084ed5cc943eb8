#!/usr/bin/env bash
# Copies seed inputs for every fuzz target into fuzz/corpus/<target>/ (git-ignored): the corpus
# schemas from ../shared/corpus when present, and the repository's own fixtures and examples.
# migrate's seeds are a provider byte, then two schemas separated by a NUL byte.
set -euo pipefail
cd "$(dirname "$0")"
root=..
sources=()
[ -d "$root/../shared/corpus" ] && sources+=("$root/../shared/corpus")
sources+=("$root/tests/fixtures" "$root/examples" "$root/src/nodellm/shapes")
mapfile -t files < <(find "${sources[@]}" -name '*.prisma' -size -64k | sort)
for target in parse roundtrip resolve sync migrate; do mkdir -p "corpus/$target"; done
i=0
prev=""
for f in "${files[@]}"; do
  name=$(printf '%04d' "$i")
  for target in parse roundtrip resolve sync; do cp "$f" "corpus/$target/$name"; done
  if [ -n "$prev" ]; then
    { printf "\\x0$((i % 4))"; cat "$prev"; printf '\0'; cat "$f"; } > "corpus/migrate/$name"
  fi
  prev=$f
  i=$((i + 1))
done
echo "seeded ${#files[@]} schemas into fuzz/corpus/{parse,roundtrip,resolve,sync,migrate}"
