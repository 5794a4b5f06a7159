#!/usr/bin/env bash
# Checks that gato builds as a dependency fetched by URL, as an analysis package
# would use it: clones this repository, tags the clone, and builds and runs a small
# package that depends on it with `.package(url: "file://...", from: ...)`.
# SwiftPM treats such a dependency as any remote one (it refuses unsafe flags in it,
# for instance), so this is what a user who adds gato by its git URL gets.
#
# Usage: scripts/check-consumer.sh   (about 2-3 minutes on 2 cores)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/gato"
git -C "$work/gato" -c user.name=check -c user.email=check@localhost tag 0.1.0
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "consumer",
    platforms: [.macOS(.v13)],
    dependencies: [.package(url: "file://$work/gato", from: "0.1.0")],
    targets: [.executableTarget(name: "Consumer", dependencies: [
        .product(name: "Gato", package: "gato"), .product(name: "GatoIO", package: "gato"),
        .product(name: "GatoWorkflows", package: "gato"),
    ])]
)
SWIFT
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import Foundation
import Gato
import GatoIO
import GatoWorkflows

// Z_A(s = 50, b = 100) = sqrt(2 ((s + b) ln(1 + s / b) - s)) = 4.6519...
let z = Significance.asimov(signal: 50, background: 100)
let expected = (2 * (150 * log(1.5) - 50)).squareRoot()
guard abs(z - expected) < 1e-12 else { fatalError("Z_A(50, 100) = \(z), expected \(expected)") }
print("Z_A(50, 100) =", z, "; default epochs:", TrainingRecipe.standard.epochs, "; checkpoint format:", Checkpoint.format)
SWIFT
cd "$work/consumer"
swift build
swift run Consumer
