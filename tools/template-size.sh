#!/usr/bin/env bash
# Prints, for every stack of a cloud assembly, the size of the template body
# `cdk deploy` would send: the CDK CLI re-serializes each template as YAML
# and sends it inline only if that text is at most 50 KiB (51,200 UTF-16
# code units); a larger one needs a bucket from `cdk bootstrap`. This asks
# the pinned CLI itself for that serialization (`cdk synth --app DIR STACK`
# prints it), so the figure is the CLI's own. Exits 1 if any is over.
#
#   tools/template-size.sh [cdk.out]
set -euo pipefail
dir=${1:-cdk.out}
cdk="$(dirname "$0")/cdk/node_modules/.bin/cdk"
limit=51200
over=0
for tmpl in "$dir"/*.template.json; do
  stack=$(basename "$tmpl" .template.json)
  size=$("$cdk" synth --no-notices --app "$dir" "$stack" 2>/dev/null |
    python3 -c 'import sys; print(len(sys.stdin.read().encode("utf-16-le")) // 2)')
  if [ "$size" -gt "$limit" ]; then
    echo "OVER $size $stack"
    over=$((over + 1))
  else
    echo "ok   $size $stack"
  fi
done
if [ "$over" -gt 0 ]; then
  echo "$over template(s) exceed the $limit characters cdk deploy sends inline: they would need cdk bootstrap" >&2
  exit 1
fi
