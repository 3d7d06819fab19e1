# baton-box container image for self-hosted daemon mode (see
# docs/connector.mdx). A static binary on distroless, running as the
# distroless non-root user (uid 65532).
#
#   docker build -t baton-box .
#   docker run --rm baton-box --version
#
# Multi-platform: docker buildx build --platform linux/amd64,linux/arm64 .

FROM --platform=$BUILDPLATFORM golang:1.26 AS build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/baton-box ./cmd/baton-box

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/baton-box /baton-box
USER nonroot:nonroot
# Health check server (--health-check, --health-check-port); see the docs.
EXPOSE 8081
ENTRYPOINT ["/baton-box"]
