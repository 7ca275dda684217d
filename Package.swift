// swift-tools-version:6.0
import PackageDescription

// Dependencies are kept to two: every package costs CI a fresh build.
// - apple/swift-argument-parser: the `enet` command line (subcommands, help, validation).
// - apple/swift-crypto: SHA-256 of the input file in a model's manifest (enet only). About a
//   minute of CI build; a hand-written hash would be one more thing to get right and test.
// The numerics are hand-written in ElasticNetCore: no Swift package offers coordinate descent,
// and the hot loops need to be specialised generics over buffer pointers (see STYLE.md, section 4).
// CLI tests start the built `enet` with Foundation's Process rather than swift-subprocess,
// which would add a dependency for what Process already does on Linux and macOS.
// The solver's SIMD4<Double> kernels use 256-bit AVX2 registers on x86-64 (Haswell, 2013, and
// later; every x86 machine this project targets): 1.3-1.4x on the dense benchmark paths, the
// same bits (Swift never contracts a * b + c into a fused multiply-add on its own).
// ENET_PORTABLE=1 builds for the x86-64 baseline instead: for older processors (or an emulator
// without AVX2), and when cross-compiling from an x86-64 machine to another architecture, since
// `#if arch` here tests the machine running SwiftPM, not the target.
#if arch(x86_64)
let vectorUnits: [SwiftSetting] = Context.environment["ENET_PORTABLE"] == "1" ? [] : [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorUnits: [SwiftSetting] = []
#endif

let package = Package(
    name: "ElasticNet",
    products: [
        .library(name: "ElasticNetCore", targets: ["ElasticNetCore"]),
        .library(name: "ElasticNetIO", targets: ["ElasticNetIO"]),
        .library(name: "ElasticNetReport", targets: ["ElasticNetReport"]),
        .library(name: "ElasticNetModelFile", targets: ["ElasticNetModelFile"]),
        .executable(name: "enet", targets: ["enet"]),
        .executable(name: "enet-bench", targets: ["enet-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The solver is optimised even in debug builds: `swift test` certifies whole paths on real
        // data, which unoptimised numerics make ten times slower. Tests import it without
        // @testable, so they need no testing-enabled build of it.
        .target(name: "ElasticNetCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))] + vectorUnits),
        .target(name: "ElasticNetIO", dependencies: ["ElasticNetCore"]),
        // SVG plots and the HTML report, from plain numbers and names: no numerics, no I/O.
        .target(name: "ElasticNetReport"),
        // Reading a model file (SavedModel), with the format's name, version and fitted values in one
        // place for the reader and for enet's writer. A library of its own, free of ArgumentParser and
        // Crypto, so that Fuzz/run can compile it with plain swiftc -sanitize=fuzzer,address.
        .target(name: "ElasticNetModelFile", dependencies: ["ElasticNetCore"]),
        .executableTarget(
            name: "enet",
            dependencies: [
                "ElasticNetCore", "ElasticNetIO", "ElasticNetModelFile", "ElasticNetReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "enet-bench", dependencies: ["ElasticNetCore", "ElasticNetIO"]),
        .testTarget(name: "ElasticNetCoreTests", dependencies: ["ElasticNetCore", "ElasticNetIO"]),
        .testTarget(name: "ElasticNetIOTests", dependencies: ["ElasticNetIO"]),
        .testTarget(name: "ElasticNetReportTests", dependencies: ["ElasticNetReport"]),
        .testTarget(name: "ElasticNetModelFileTests", dependencies: ["ElasticNetModelFile", "ElasticNetCore"]),
        // The CLI tests run the built `enet`; the library is there to compare its answers with.
        .testTarget(name: "EnetCLITests", dependencies: ["enet", "ElasticNetCore", "ElasticNetIO"]),
    ]
)
