#!/usr/bin/env bash
# make synth: build the CDK app and synthesize it with the pinned CDK CLI.
#
#   tools/synth.sh            what make synth prints: warnings, the stacks made, what to do next
#   tools/synth.sh --brief    one line (make deploy, make diff: the CLI then shows the warnings)
#   tools/synth.sh --quiet    nothing but errors (make rotate)
#
# The settings are signin-notifier.json (if there is one), the CDK context
# (cdk.json, cdk.context.json) and SIGNIN_NOTIFIER_ARGS: make's ARGS exactly
# as typed, which the Makefile exports without any shell reading them. This
# script does not read them either: the CDK CLI passes its environment on to
# the app, which splits the variable into -c KEY=VALUE settings itself
# (internal/app/config ParseArgs) and refuses anything else with one line.
#
# - The stacks are synthesized into a new directory that replaces cdk.out
#   only when the synth succeeded: cdk.out then holds only the stacks of this
#   configuration, and a failed synth leaves the last good one in place.
# - The first build of the app compiles the AWS CDK for Go (minutes); it and
#   the synth say how far they are at least every 10 seconds.
# - A bad setting ends in the app's own one line and exit status 1, without
#   the CLI's "Subprocess exited with error 1" after it.
# - Every command runs in the foreground: when this script returns, nothing
#   it started is still running.
# - Noise of the tools is off unless you set the variables yourself: jsii's
#   Node 20 end-of-life banner (Node 20 still works; the README recommends
#   22 or 24), the AWS SDK for JavaScript's Node 20 warning, the CDK CLI's
#   version check and notices.
set -uo pipefail
shopt -s lastpipe
cd "$(dirname "$0")/.."

mode=full
case "$#:${1-}" in
0:) ;;
1:--brief) mode=brief ;;
1:--quiet) mode=quiet ;;
*)
  echo "signin-notifier: tools/synth.sh takes no settings on its command line: run make synth ARGS=\"-c KEY=VALUE ...\", or put them in signin-notifier.json" >&2
  exit 2
  ;;
esac

cdk=tools/cdk/node_modules/.bin/cdk
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION-20}"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED="${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED-true}"
export CDK_DISABLE_VERSION_CHECK="${CDK_DISABLE_VERSION_CHECK-1}"
export SIGNIN_NOTIFIER_ARGS="${SIGNIN_NOTIFIER_ARGS-}"

new= old=
cleanup() { rm -rf ${new:+"$new"} ${old:+"$old"}; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# tick SECONDS-SINCE-START: whether to print a progress line now (every 10 s).
next_tick=10
tick() {
  if [ "$1" -ge "$next_tick" ]; then
    next_tick=$(($1 + 10))
    return 0
  fi
  return 1
}

# 1. Build the app. `go build -v` names each package as it is compiled; a
# foreground reader counts them and reports every 10 s, and keeps whatever
# else go says for when the build fails.
[ -x bin/cdk-app ] || echo "building the CDK app (the first build compiles the AWS CDK for Go: a few minutes)"
start=$SECONDS next_tick=10 built=0 total= rc= errors=()
{ go build -v -o bin/cdk-app . 2>&1; echo "synth.sh: go build exit $?"; } | while :; do
  if IFS= read -r -t 1 line; then
    case "$line" in
    "synth.sh: go build exit "*) rc=${line##* } ;;
    "go: downloading "*) echo "  ${line#go: }" ;;
    *[[:space:]:]*) errors+=("$line") ;; # package paths have neither
    *) built=$((built + 1)) ;;
    esac
  elif [ $? -le 128 ]; then
    break # end of output; a status above 128 is the 1 s timeout
  fi
  if tick $((SECONDS - start)); then
    if [ -z "$total" ] && [ "$built" -gt 0 ]; then
      total=$(go list -deps . 2>/dev/null | wc -l)
    fi
    if [ "$built" -gt 0 ] && [ "${total:-0}" -ge "$built" ]; then
      echo "  compiling: $built of about $total packages done ($((SECONDS - start)) s)"
    else
      echo "  building ($built packages compiled, $((SECONDS - start)) s)"
    fi
  fi
done
if [ "${rc:-1}" -ne 0 ]; then
  printf '%s\n' "${errors[@]}" >&2
  echo "signin-notifier: go build failed (see above): fix the Go error, then run make synth again" >&2
  exit 1
fi
if [ $((SECONDS - start)) -ge 10 ] && [ "$mode" != quiet ]; then
  echo "  built bin/cdk-app ($built packages, $((SECONDS - start)) s)"
fi

# 2. Synthesize into a new directory next to cdk.out (same file system, so
# the swap below is a rename).
new=$(mktemp -d .cdk.out.new.XXXXXX) || exit 1
[ "$mode" = quiet ] || echo "  synthesizing the stacks..."
start=$SECONDS next_tick=10 rc= out=()
{ "$cdk" synth --no-notices --quiet -o "$new" 2>&1; echo "synth.sh: cdk exit $?"; } | while :; do
  if IFS= read -r -t 1 line; then
    case "$line" in
    "synth.sh: cdk exit "*) rc=${line##* } ;;
    *) out+=("$line") ;;
    esac
  elif [ $? -le 128 ]; then
    break
  fi
  if [ "$mode" != quiet ] && tick $((SECONDS - start)); then
    echo "  still synthesizing ($((SECONDS - start)) s)"
  fi
done
if [ "${rc:-1}" -ne 0 ]; then
  # The app reports bad settings as one line starting with its name; show
  # just that when it is there, everything otherwise.
  mine=$(printf '%s\n' "${out[@]}" | grep '^signin-notifier: ' | grep -v '^signin-notifier: warning: ' || true)
  if [ -n "$mine" ]; then
    printf '%s\n' "$mine" >&2
  else
    printf '%s\n' "${out[@]}" >&2
  fi
  exit 1
fi

stacks=()
for t in "$new"/*.template.json; do
  [ -e "$t" ] || continue
  stacks+=("$(basename "$t" .template.json)")
done
if [ "${#stacks[@]}" -eq 0 ]; then
  printf '%s\n' "${out[@]}" >&2
  echo "signin-notifier: the synth made no stacks; cdk.out is unchanged" >&2
  exit 1
fi
if [ -e cdk.out ]; then
  old=$(mktemp -d .cdk.out.old.XXXXXX) || exit 1
  mv cdk.out "$old/" || exit 1
fi
if ! mv "$new" cdk.out; then
  [ -z "$old" ] || mv "$old/cdk.out" cdk.out
  exit 1
fi
new=

[ "$mode" = quiet ] && exit 0
regions=$(printf '%s\n' "${stacks[@]}" | sed -nE 's/^SigninNotifier-([a-z]+-[a-z]+-[0-9]+).*/\1/p' | sort -u | wc -l)
[ "$regions" -eq 1 ] && noun=region || noun=regions
if [ "$mode" = brief ]; then
  # make deploy and make diff go on with the CLI, which shows the warnings
  # of the assembly (the stacks' annotations) itself; the app's own are
  # shown here.
  for line in "${out[@]}"; do
    case "$line" in "signin-notifier: warning: "*) printf '%s\n' "$line" ;; esac
  done
  echo "synthesized ${#stacks[@]} stacks for ${regions} ${noun} into cdk.out"
  exit 0
fi
# The app's warnings stay; the CLI's own summary is replaced by the one below.
for line in "${out[@]}"; do
  case "$line" in
  "Successfully synthesized to "* | "Supply a stack id "*) ;;
  *) printf '%s\n' "$line" ;;
  esac
done

echo
echo "made ${#stacks[@]} stacks for ${regions} ${noun} in cdk.out:"
printf '%s\n' "${stacks[*]}" | fmt -w 100 | sed 's/^/  /'

# make deploy synthesizes again with the same settings: repeat ARGS, quoted
# for the shell.
deploy="make deploy"
if [ -n "${SIGNIN_NOTIFIER_ARGS//[[:space:]]/}" ]; then
  deploy="make deploy ARGS='${SIGNIN_NOTIFIER_ARGS//\'/\'\\\'\'}'"
fi
cat <<NEXT

next:
  make lint                                       cfn-lint and size-check every template
  make cli                                        build the command line, bin/signin-notifier
  bin/signin-notifier preview root-success-no-mfa the message a root sign-in would send
  then deploy (README, "Deploy for real"): a trail, the webhook secret, and
  $deploy
  bin/signin-notifier doctor                      after the deploy: is everything in place?
  bin/signin-notifier send-test                   after the deploy: a test message on every destination
NEXT
if [ "$deploy" != "make deploy" ]; then
  echo "  (or keep the settings in signin-notifier.json, see examples/, and just run make synth, make deploy)"
fi
