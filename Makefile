# signin-notifier: the two commands a newcomer needs are `make synth` (the
# main job: synthesize every regional stack, no AWS account needed) and
# `make test`. Both install what they need on first use.

CDK     := tools/cdk/node_modules/.bin/cdk
ARGS    ?=

.PHONY: synth rotate test lint bench fuzz clean cli regions docs docs-bench

# The CDK CLI, pinned in tools/cdk/package-lock.json, installed behind the
# nested Go module boundary of tools/cdk so `go test ./...` never sees it.
$(CDK): tools/cdk/package.json tools/cdk/package-lock.json
	@echo "installing the pinned CDK CLI into tools/cdk/node_modules (once)"
	cd tools/cdk && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## synth: synthesize all regional stacks into a fresh cdk.out (pass context
## with ARGS="-c key=value"); see tools/synth.sh
synth: $(CDK)
	@tools/synth.sh $(ARGS)

## rotate: after updating a secret in Secrets Manager, pin every secret the
## stacks read to its AWSCURRENT version (cached in cdk.context.json) and
## synthesize again; then `cdk deploy --all` with the same ARGS
rotate: synth
	go run ./cmd/signin-notifier pin-secrets --assembly cdk.out --context cdk.context.json
	$(CDK) synth $(CDKARGS) $(ARGS)

## cli: build the command line into bin/signin-notifier (preview, doctor,
## send-test, pin-secrets, enabled-regions)
cli:
	go build -o bin/signin-notifier ./cmd/signin-notifier

## regions: with regions=enabled, cache the enabled regions of the account of
## your credentials in cdk.context.json (once; every synth then stays offline)
regions: cli
	bin/signin-notifier enabled-regions

## test: vet and run every test (unit, template assertions, cdk-nag, emulator,
## and the AWS calls against a local moto_server, build tag moto); plain
## `go test ./...` is the fast loop without the moto tests
test: $(CDK)
	go vet -tags moto ./...
	go test -tags moto ./...

## lint: cfn-lint every template of the last synth, and check that each fits
## the 51,200 characters `cdk deploy` sends without a bootstrap bucket
lint: $(CDK)
	cfn-lint cdk.out/*.template.json
	tools/template-size.sh cdk.out

## docs: rewrite every marked example output and generated table of README.md
## and docs/ from the commands that produce them (make test checks them all;
## see internal/testkit/docs)
docs: $(CDK)
	go test -count=1 -v -timeout 30m -run '^TestDocs$$' ./internal/testkit/docs -update

## docs-bench: also measure the build, synth and benchmark times the docs
## quote, on this machine (minutes), and rewrite them
docs-bench: $(CDK)
	go test -count=1 -v -timeout 60m -run '^TestDocs$$' ./internal/testkit/docs -update -measure

## bench: the benchmarks quoted in the README
bench:
	go test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf cdk.out bin
