// swift-tools-version:6.0
import PackageDescription

// A package that uses ElasticNet the way Swift packages are used: by URL and version. CI points
// ELASTICNET_URL at a tagged clone of the repository (Scripts/consumer-check); without it, the
// repository this folder sits in is the dependency, at its newest tag from 0.2.0 on.
let elasticNet = Context.environment["ELASTICNET_URL"] ?? "file://\(Context.packageDirectory)/../.."

let package = Package(
    name: "LibraryConsumer",
    dependencies: [
        .package(url: elasticNet, from: "0.2.0"),
    ],
    targets: [
        .executableTarget(
            name: "LibraryConsumer",
            dependencies: [
                .product(name: "ElasticNetCore", package: "ElasticNet"),
                .product(name: "ElasticNetIO", package: "ElasticNet"),
                .product(name: "ElasticNetModelFile", package: "ElasticNet"),
            ]
        ),
    ]
)
