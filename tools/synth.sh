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

new= old= tmp=
cleanup() { rm -rf ${new:+"$new"} ${old:+"$old"} ${tmp:+"$tmp"}; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
tmp=$(mktemp -d) || exit 1

# follow KIND: read the output of a command that ends with the line
# "synth.sh: exit STATUS", keep it in $tmp/KIND.out and the status in
# $tmp/KIND.rc, and print a progress line at least every 10 s: for the
# build, how many packages `go build -v` has named (it names each as it
# compiles it). It runs in the foreground, at the end of a pipeline, so it
# needs neither lastpipe nor background jobs (bash 3.2, macOS, included);
# before bash 4, read has no timeout that tells silence from the end, and
# the progress lines come with the output instead.
follow() {
  local kind=$1 start=$SECONDS next=5 built=0 total= line status
  local wait=
  [ "${BASH_VERSINFO[0]}" -ge 4 ] && wait="-t 1"
  : >"$tmp/$kind.out"
  while :; do
    # shellcheck disable=SC2086
    if IFS= read -r $wait line; then
      case "$line" in
      "synth.sh: exit "*) echo "${line##* }" >"$tmp/$kind.rc" ;;
      "go: downloading "*) echo "  ${line#go: }" ;;
      "signin-notifier: synthesizing "*) [ "$mode" = quiet ] || echo "  ${line#signin-notifier: }..." ;;
      *[[:space:]:]*) printf '%s\n' "$line" >>"$tmp/$kind.out" ;;
      *)
        if [ "$kind" = build ]; then
          built=$((built + 1)) # a package path: no spaces, no colons
        else
          printf '%s\n' "$line" >>"$tmp/$kind.out"
        fi
        ;;
      esac
    else
      status=$?
      [ "$status" -gt 128 ] || break # the end; above 128 is the 1 s timeout
    fi
    [ $((SECONDS - start)) -ge "$next" ] || continue
    next=$((SECONDS - start + 5))
    if [ "$kind" != build ]; then
      # (without a timeout, the synth's lines all come at its end)
      [ "$mode" = quiet ] || [ -z "$wait" ] || echo "  still synthesizing ($((SECONDS - start)) s)"
    elif [ "$built" -eq 0 ]; then
      echo "  building ($((SECONDS - start)) s)"
    else
      [ -n "$total" ] || total=$(go list -deps . 2>/dev/null | wc -l | tr -d ' ')
      if [ "${total:-0}" -ge "$built" ]; then
        echo "  compiling: $built of about $total packages done ($((SECONDS - start)) s)"
      else
        echo "  compiling: $built packages done ($((SECONDS - start)) s)"
      fi
    fi
  done
  echo "$built" >"$tmp/$kind.built"
}

# 1. Build the app, with progress; go's messages only if it fails.
[ -x bin/cdk-app ] || echo "building the CDK app (the first build compiles the AWS CDK for Go: about half a minute on 2 cores)"
start=$SECONDS
{ go build -v -o bin/cdk-app . 2>&1; echo "synth.sh: exit $?"; } | follow build
if [ "$(cat "$tmp/build.rc" 2>/dev/null)" != 0 ]; then
  cat "$tmp/build.out" >&2
  echo "signin-notifier: go build failed (see above): fix the Go error, then run make synth again" >&2
  exit 1
fi
if [ $((SECONDS - start)) -ge 10 ] && [ "$mode" != quiet ]; then
  echo "  built bin/cdk-app ($(cat "$tmp/build.built") packages, $((SECONDS - start)) s)"
fi

# 2. Synthesize into a new directory next to cdk.out (same file system, so
# the swap below is a rename).
new=$(mktemp -d .cdk.out.new.XXXXXX) || exit 1
[ "$mode" = quiet ] || echo "  running the CDK app..."
{ SIGNIN_NOTIFIER_PROGRESS=1 "$cdk" synth --no-notices --quiet -o "$new" 2>&1; echo "synth.sh: exit $?"; } | follow synth
if [ "$(cat "$tmp/synth.rc" 2>/dev/null)" != 0 ]; then
  # The app reports bad settings as one line starting with its name; show
  # just that when it is there, everything otherwise.
  mine=$(grep '^signin-notifier: ' "$tmp/synth.out" | grep -v '^signin-notifier: warning: ')
  if [ -n "$mine" ]; then
    printf '%s\n' "$mine" >&2
  else
    cat "$tmp/synth.out" >&2
  fi
  exit 1
fi

stacks=()
for t in "$new"/*.template.json; do
  [ -e "$t" ] || continue
  stacks+=("$(basename "$t" .template.json)")
done
if [ "${#stacks[@]}" -eq 0 ]; then
  cat "$tmp/synth.out" >&2
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
  grep '^signin-notifier: warning: ' "$tmp/synth.out"
  echo "synthesized ${#stacks[@]} stacks for ${regions} ${noun} into cdk.out"
  exit 0
fi
# The app's warnings stay; the CLI's own summary is replaced by the one below.
grep -v -e '^Successfully synthesized to ' -e '^Supply a stack id ' "$tmp/synth.out"

echo
echo "made ${#stacks[@]} stacks for ${regions} ${noun} in cdk.out:"
printf '%s\n' "${stacks[*]}" | fmt -w 100 | sed 's/^/  /'

# make deploy synthesizes again with the same settings: repeat ARGS, quoted
# for the shell.
deploy="make deploy"
if [ -n "$(printf '%s' "$SIGNIN_NOTIFIER_ARGS" | tr -d ' \t\r\n')" ]; then
  deploy="make deploy ARGS='$(printf '%s' "$SIGNIN_NOTIFIER_ARGS" | sed "s/'/'\\\\''/g")'"
fi
cat <<NEXT

next:
  make lint                                        cfn-lint and size-check every template
  make cli                                         build the command line, bin/signin-notifier
  bin/signin-notifier preview root-success-no-mfa  the message a root sign-in would send
  then deploy (README, "Deploy, step by step"): a trail, the webhook secret, and
  $deploy
  bin/signin-notifier doctor                       after the deploy: is everything in place?
  bin/signin-notifier send-test                    after the deploy: a test message on every destination
NEXT
if [ "$deploy" != "make deploy" ] && [ ! -e signin-notifier.json ]; then
  echo "  (or keep the settings in signin-notifier.json, see examples/, and just run make synth, make deploy)"
fi
