#!/usr/bin/env bash
# Builds the Go harness (main.go) against the Go original's source, offline.
#
#   supervisor.bench/go/build.sh SUPERVISOR_GO_DIR CLOCK_GO_DIR OUTPUT_BINARY
#
# SUPERVISOR_GO_DIR and CLOCK_GO_DIR are checkouts of einride/supervisor-go and einride/clock-go
# (nothing of them is kept in this repository). Their go.mod files ask for Go 1.24 and for
# module versions that are not on this machine, so the harness is built in GOPATH mode, where
# go.mod files are ignored: a GOPATH made of links to the two checkouts, plus Debian's
# /usr/share/gocode (golang-github-go-logr-logr-dev, golang-google-protobuf-dev). No network.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 SUPERVISOR_GO_DIR CLOCK_GO_DIR OUTPUT_BINARY" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
supervisor_go=$(cd "$1" && pwd)
clock_go=$(cd "$2" && pwd)
out=$3
for f in "$supervisor_go/supervisor.go" "$clock_go/clock.go"; do
  [ -f "$f" ] || { echo "$f not found: give the checkouts of supervisor-go and clock-go" >&2; exit 2; }
done
GO=${GO:-$(command -v go || true)}
[ -n "$GO" ] || { [ -x /usr/lib/go-1.23/bin/go ] && GO=/usr/lib/go-1.23/bin/go; }
[ -n "$GO" ] || { echo "no go toolchain found (set GO=/path/to/go)" >&2; exit 3; }
for dep in github.com/go-logr/logr google.golang.org/protobuf; do
  [ -d "/usr/share/gocode/src/$dep" ] || { echo "/usr/share/gocode/src/$dep missing: apt-get install golang-github-go-logr-logr-dev golang-google-protobuf-dev" >&2; exit 3; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gopath/src/go.einride.tech" "$work/gopath/src/gobench" "$work/cache"
ln -s "$supervisor_go" "$work/gopath/src/go.einride.tech/supervisor"
ln -s "$clock_go" "$work/gopath/src/go.einride.tech/clock"
cp "$here/main.go" "$work/gopath/src/gobench/"
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$work/gopath/src/gobench"
GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOPROXY=off GOFLAGS= GOTOOLCHAIN=local \
  GOCACHE="${GOCACHE:-$work/cache}" "$GO" build -o "$out" .
"$GO" version
