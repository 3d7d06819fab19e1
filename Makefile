# baton-box. `make demo` and `make test` are the two set-up commands the
# README promises on a fresh machine.
GOOS   ?= $(shell go env GOOS)
GOARCH ?= $(shell go env GOARCH)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
DIST    := dist/$(GOOS)_$(GOARCH)

.PHONY: build test demo bench generate

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o $(DIST)/baton-box ./cmd/baton-box

test:
	go vet ./...
	go test -count=1 -timeout 20m ./...

demo:
	./scripts/demo.sh

bench:
	go test -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench/...

generate:
	cd pkg/config && go generate ./... && gofmt -w conf.gen.go
