import AtiendeJSON
import Foundation

/// The API's OpenAPI document (Sources/AtiendeJSON/openapi.json), as compiled into the
/// server, read as plain JSON.
struct OpenAPIDocument {
    let paths: [String: [String: Any]]

    init() throws {
        let root = try JSONSerialization.jsonObject(with: Data(APIDocument.bytes)) as? [String: Any] ?? [:]
        paths = root["paths"] as? [String: [String: Any]] ?? [:]
    }

    /// Every operation as `METHOD /path/{param}`.
    var operations: [String] {
        paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } }.sorted()
    }

    /// The documented template a concrete path matches (`/api/desks/1/next` → `/api/desks/{id}/next`).
    func template(for path: String) -> String? {
        let parts = path.split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: false)
        return paths.keys.first { template in
            let pattern = template.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Whether the document lists `status` as an answer of this operation.
    func documents(_ status: Int, _ method: String, _ path: String) -> Bool {
        guard let template = template(for: path),
            let operation = paths[template]?[method.lowercased()] as? [String: Any],
            let responses = operation["responses"] as? [String: Any]
        else { return false }
        return responses[String(status)] != nil
    }
}
