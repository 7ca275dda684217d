// swift-tools-version:6.0
import PackageDescription

// Dependencies are kept to two: every package costs CI a fresh build.
// - apple/swift-argument-parser: the `enet` command line (subcommands, help, validation).
// - apple/swift-crypto: SHA-256 of the input file in a model's manifest (enet only). About a
//   minute of CI build; a hand-written hash would be one more thing to get right and test.
// The numerics are hand-written in ElasticNetCore: no Swift package offers coordinate descent,
// and the hot loops need to be specialised generics over buffer pointers (see STYLE.md, section 4).
// No target has unsafe build flags: SwiftPM refuses them in a package depended on by version
// (Scripts/consumer-check proves it in CI). The vector kernels are C (ElasticNetKernels), compiled
// for the x86-64 baseline and for AVX2 and chosen when the program runs.
// CLI tests start the built `enet` with Foundation's Process rather than swift-subprocess,
// which would add a dependency for what Process already does on Linux and macOS.
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
        // The dot products and axpys of every solver, on the widest vector unit the machine has.
        .target(name: "ElasticNetKernels"),
        .target(name: "ElasticNetCore", dependencies: ["ElasticNetKernels"]),
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
