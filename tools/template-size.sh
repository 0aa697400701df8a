#!/usr/bin/env bash
# Prints, for every stack of a cloud assembly, the size of the template body
# `cdk deploy` would send: the CDK CLI re-serializes each template as YAML
# and sends it inline only if that text is at most 50 KiB (51,200 UTF-16
# code units); a larger one needs a bucket from `cdk bootstrap`. The figure
# comes from tools/yaml-size.mjs, which serializes as the pinned CLI does
# with the yaml package at the version the CLI bundles (the root package's
# TestTemplateSizeBound checks it against the CLI's own output). Exits 1 if
# any is over.
#
#   tools/template-size.sh [cdk.out]
set -euo pipefail
dir=${1:-cdk.out}
limit=51200
over=0
sizes=$(node "$(dirname "$0")/yaml-size.mjs" "$dir")
[ -n "$sizes" ] || { echo "no templates in $dir: run make synth first" >&2; exit 1; }
while read -r size stack; do
  if [ "$size" -gt "$limit" ]; then
    echo "OVER $size $stack"
    over=$((over + 1))
  else
    echo "ok   $size $stack"
  fi
done <<<"$sizes"
if [ "$over" -gt 0 ]; then
  echo "$over template(s) exceed the $limit characters cdk deploy sends inline: they would need cdk bootstrap" >&2
  exit 1
fi
