// swift-tools-version: 6.1
import PackageDescription

// Only a way to build swift-openapi-generator's command for scripts/generate-api.sh, so the
// project itself builds none of the generator (its OpenAPIKit, Yams and plugin would add a
// minute to every clean build): the generated code is committed, and the test command
// checks it is fresh.
let package = Package(
    name: "openapi-generator",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")],
    targets: []
)
