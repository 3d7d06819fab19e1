# baton-box. `make demo` and `make test` are the two set-up commands the
# README promises on a fresh machine; .ci/run is what CI runs.
GOOS    ?= $(shell go env GOOS)
GOARCH  ?= $(shell go env GOARCH)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
DIST    := dist/$(GOOS)_$(GOARCH)
EXE     := $(if $(filter windows,$(GOOS)),.exe,)
BIN     := $(DIST)/baton-box$(EXE)
# The hosted-runner (AWS Lambda) build: the SDK's `lambda` command is only
# compiled in with this build tag.
LAMBDA_TAGS := baton_lambda_support
LAMBDA_BIN  := $(DIST)/baton-box-lambda$(EXE)

# golangci-lint is pinned; `make lint` installs it into GOBIN (default
# $(go env GOPATH)/bin) when it is missing or another version.
GOLANGCI_LINT_VERSION := v2.15.0
GOBIN         ?= $(shell go env GOBIN)
GOBIN         := $(or $(GOBIN),$(shell go env GOPATH)/bin)
GOLANGCI_LINT := $(GOBIN)/golangci-lint

.PHONY: build build-lambda build-cross test test-race lint lint-install metadata demo bench generate

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/baton-box

# The release's other platforms (internal/supervisor has process_*.go
# files per OS): about 3.5 minutes from a cold cache, so not part of CI;
# goreleaser builds them for a release.
build-cross:
	$(MAKE) build GOOS=darwin GOARCH=arm64
	$(MAKE) build GOOS=windows GOARCH=amd64

build-lambda:
	CGO_ENABLED=0 go build -trimpath -tags $(LAMBDA_TAGS) -ldflags "$(LDFLAGS)" -o $(LAMBDA_BIN) ./cmd/baton-box

test:
	go vet ./...
	go test -count=1 -timeout 20m ./...

# The race detector over the client and the connector, whose syncers run
# on the SDK's worker pool; -short leaves out the largest tenants (the
# detector slows code several times over). CI runs it; `make test` stays
# the README's command.
test-race:
	go test -race -short -count=1 -timeout 20m ./pkg/box ./pkg/connector

lint-install:
	@if ! "$(GOLANGCI_LINT)" version 2>/dev/null | grep -Eq "version v?$(subst .,\.,$(GOLANGCI_LINT_VERSION:v%=%)) "; then \
		echo "installing golangci-lint $(GOLANGCI_LINT_VERSION) into $(GOBIN)"; \
		GOBIN="$(GOBIN)" go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION); \
	fi

lint: lint-install
	"$(GOLANGCI_LINT)" run ./...

# Regenerates the checked-in metadata from the binary itself. The test
# TestMetadataIsFresh (cmd/baton-box) fails when these files are stale.
# Always a host build, so it runs even when GOOS/GOARCH are overridden.
metadata:
	GOOS= GOARCH= CGO_ENABLED=0 go build -trimpath -o dist/metadata/baton-box ./cmd/baton-box
	dist/metadata/baton-box capabilities > baton_capabilities.json
	dist/metadata/baton-box config > config_schema.json

demo:
	./scripts/demo.sh

bench:
	go test -run '^$$' -bench . -benchtime 1x -timeout 150m ./bench/...

generate:
	cd pkg/config && go generate ./... && gofmt -w conf.gen.go
