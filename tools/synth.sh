#!/usr/bin/env bash
# make synth: synthesize the app into a fresh cdk.out with the pinned CDK CLI.
#
# - cdk.out is removed first, so it holds only the stacks of this
#   configuration (a stale template from an earlier one would be linted and
#   deployed too);
# - the app is built first with `go build -v`, so the first, cold build (the
#   AWS CDK for Go is large) shows progress instead of minutes of silence;
# - a bad setting ends in the app's own one line and exit status 1, without
#   the CLI's "Subprocess exited with error 1" after it;
# - jsii's Node 20 end-of-life banner is silenced: jsii still runs on Node 20,
#   and the README recommends Node 22 or 24. Set
#   JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION yourself to override.
#
#   tools/synth.sh [cdk synth arguments, e.g. -c regions=us-east-1]
set -uo pipefail
cd "$(dirname "$0")/.."
cdk=tools/cdk/node_modules/.bin/cdk
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION-20}"

rm -rf cdk.out

if [ ! -x bin/cdk-app ]; then
  echo "building the CDK app (the first build compiles the AWS CDK for Go and takes a few minutes; packages as they compile):"
fi
if ! go build -v -o bin/cdk-app . 2>&1 | sed -u 's/^/  /'; then
  echo "signin-notifier: go build failed (see above): fix the Go error, then run make synth again" >&2
  exit 1
fi

out=$("$cdk" synth --no-notices --quiet "$@" 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then
  # The app reports bad settings as one line starting with its name; show
  # just that when it is there, everything otherwise.
  mine=$(printf '%s\n' "$out" | grep '^signin-notifier: ' || true)
  if [ -n "$mine" ]; then
    printf '%s\n' "$mine" >&2
  else
    printf '%s\n' "$out" >&2
  fi
  rm -rf cdk.out
  exit 1
fi
# The app's warnings stay; the CLI's own summary is replaced by the one below.
out=$(printf '%s\n' "$out" | grep -v -e '^Successfully synthesized to ' -e '^Supply a stack id ' || true)
if [ -n "$out" ]; then
  printf '%s\n' "$out"
fi

stacks=()
for t in cdk.out/*.template.json; do
  [ -e "$t" ] || continue
  stacks+=("$(basename "$t" .template.json)")
done
regions=$(printf '%s\n' "${stacks[@]}" | sed -nE 's/^SigninNotifier-([a-z]+-[a-z]+-[0-9]+).*/\1/p' | sort -u | wc -l)
echo
[ "$regions" -eq 1 ] && noun=region || noun=regions
echo "made ${#stacks[@]} stacks for ${regions} ${noun} in cdk.out:"
printf '%s\n' "${stacks[*]}" | fmt -w 100 | sed 's/^/  /'
cat <<'NEXT'

next:
  make lint                                                  cfn-lint and size-check every template
  go run ./cmd/signin-notifier preview root-success-no-mfa   the message a root sign-in would send
  then deploy (README, "Deploy for real"): a trail, the webhook secret, and
  tools/cdk/node_modules/.bin/cdk deploy --all --require-approval never --concurrency 4
  go run ./cmd/signin-notifier doctor                        after the deploy: is everything in place?
  go run ./cmd/signin-notifier send-test                     after the deploy: a test message on every destination
NEXT
