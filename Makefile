# signin-notifier: the two commands a newcomer needs are `make synth` (the
# main job: synthesize every regional stack, no AWS account needed) and
# `make test`. Both install what they need on first use. `make` alone lists
# the targets (the ## comments below).

CDK     := tools/cdk/node_modules/.bin/cdk
ARGS    ?=

# ARGS exactly as typed, for the app: $(value ARGS) is not expanded by make,
# and make puts it into the environment of the recipes itself, so no shell
# reads it again: & ? % = ; | < > $ ` spaces, newlines and quotes arrive
# unchanged. The app splits it into -c KEY=VALUE settings
# (internal/app/config ParseArgs) and refuses anything else with one line.
synth deploy diff rotate: export SIGNIN_NOTIFIER_ARGS = $(value ARGS)

# The tools' own noise, unless you set these yourself: npm's update notice,
# the CDK CLI's version check, the Node 20 warnings of jsii and of the AWS SDK
# for JavaScript (Node 20 still works; the README recommends 22 or 24).
export NPM_CONFIG_UPDATE_NOTIFIER ?= false
export CDK_DISABLE_VERSION_CHECK ?= 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?= 20
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?= true

.DEFAULT_GOAL := help
.PHONY: help synth deploy diff rotate test lint bench fuzz clean cli regions

## help: list these targets
help:
	@echo 'usage: make TARGET [ARGS="-c KEY=VALUE ..."]   settings: signin-notifier.json (see examples/) and ARGS'
	@echo
	@awk '/^## [a-z]+: / { sub(/^## /, ""); name = $$1; sub(/^[a-z]+: /, ""); printf "  make %-8s%s\n", substr(name, 1, length(name) - 1), $$0; next } \
	      /^## / { sub(/^## /, ""); printf "  %-13s%s\n", "", $$0 }' $(firstword $(MAKEFILE_LIST))

# The CDK CLI, pinned in tools/cdk/package-lock.json, installed behind the
# nested Go module boundary of tools/cdk so `go test ./...` never sees it.
$(CDK): tools/cdk/package.json tools/cdk/package-lock.json
	@echo "installing the pinned CDK CLI into tools/cdk/node_modules (once)"
	@cd tools/cdk && npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null
	@touch $@

## synth: synthesize all regional stacks into cdk.out, from signin-notifier.json
## and ARGS="-c KEY=VALUE ..." (values may hold spaces and & ? ; quotes);
## a failed synth keeps the last good cdk.out. See tools/synth.sh
synth: $(CDK)
	@tools/synth.sh

## deploy: synthesize (same settings and ARGS as make synth), then deploy
## exactly those stacks: cdk deploy --all --require-approval never
deploy: $(CDK)
	@tools/synth.sh --brief
	@$(CDK) deploy --app cdk.out --all --require-approval never --concurrency 4 --no-notices

## diff: synthesize like deploy, then show what a deploy would change
diff: $(CDK)
	@tools/synth.sh --brief
	@$(CDK) diff --app cdk.out --no-notices

## rotate: after updating a secret in Secrets Manager, pin every secret the
## stacks read to its AWSCURRENT version (cached in cdk.context.json) and
## synthesize again; then make deploy with the same ARGS
rotate: $(CDK)
	@tools/synth.sh --quiet
	@go build -o bin/signin-notifier ./cmd/signin-notifier
	@bin/signin-notifier pin-secrets --assembly cdk.out --context cdk.context.json
	@tools/synth.sh --quiet
	@echo "rotate: synthesized $$(ls cdk.out/*.template.json | wc -l) stacks with the pinned versions into cdk.out: deploy them with make deploy$(if $(strip $(value ARGS)), and the same ARGS)"

## cli: build the command line into bin/signin-notifier (preview, doctor,
## send-test, pin-secrets, enabled-regions)
cli:
	go build -o bin/signin-notifier ./cmd/signin-notifier

## regions: with regions=enabled, cache the enabled regions of the account of
## your credentials in cdk.context.json (once; every synth then stays offline)
regions: cli
	bin/signin-notifier enabled-regions

## test: vet and run every test (unit, template assertions, cdk-nag, emulator,
## make synth as typed, and the AWS calls against a local moto_server, build
## tag moto); plain `go test ./...` is the fast loop without the moto tests
test: $(CDK)
	go vet -tags moto ./...
	go test -tags moto ./...

## lint: cfn-lint every template of the last synth, and check that each fits
## the 51,200 characters `cdk deploy` sends without a bootstrap bucket
lint: $(CDK)
	cfn-lint cdk.out/*.template.json
	tools/template-size.sh cdk.out

## bench: the benchmarks quoted in the README
bench:
	go test -run '^$$' -bench . -benchmem ./...

## clean: remove cdk.out and bin
clean:
	rm -rf cdk.out bin .cdk.out.new.* .cdk.out.old.*
