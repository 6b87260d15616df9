import Foundation

/// The seminario's five key drivers of good service, as the visitor judges them.
public enum KeyDriver: String, Sendable, CaseIterable, Codable {
    /// Respuesta o solución.
    case answer
    /// Tiempo.
    case time
    /// Profesionalismo.
    case professionalism
    /// Información.
    case information
    /// Actitud del personal.
    case attitude
}

/// One visitor's judgement of one visit: each driver from 1 to 5, and a comment.
public struct Feedback: Sendable, Equatable {
    public var ratings: [KeyDriver: Int]
    public var comment: String?

    public init(ratings: [KeyDriver: Int], comment: String? = nil) {
        self.ratings = ratings
        self.comment = comment
    }

    /// What a visitor sent, checked: every driver rated 1 to 5, a short comment without
    /// control characters (line breaks are kept).
    public static func checked(ratings: [String: Int], comment: String?) throws(QueueError) -> Feedback {
        var out: [KeyDriver: Int] = [:]
        for (key, value) in ratings {
            guard let driver = KeyDriver(rawValue: key) else {
                throw .invalidFeedback("'\(key.prefix(30))' is not one of the questions: rate answer, time, professionalism, information and attitude")
            }
            guard (1...5).contains(value) else { throw .invalidFeedback("\(key) is rated \(value): give 1 to 5") }
            out[driver] = value
        }
        let missing = KeyDriver.allCases.filter { out[$0] == nil }
        guard missing.isEmpty else {
            throw .invalidFeedback("rate every question from 1 to 5: \(missing.map(\.rawValue).joined(separator: ", ")) missing")
        }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, text.count > 1000 || text.utf8.count > 4000 { throw .invalidFeedback("the comment is too long: keep it to 1,000 characters") }
        if let text, text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidFeedback("the comment has a control character: remove it")
        }
        return Feedback(ratings: out, comment: text?.isEmpty == false ? text : nil)
    }
}

/// The visitors' judgement of a set of visits: how many answered, and each driver's
/// average.
public struct FeedbackSummary: Sendable, Equatable, Codable {
    public var answered = 0
    public var sums: [KeyDriver: Int] = [:]

    public init() {}

    public mutating func add(_ feedback: Feedback) {
        answered += 1
        for (driver, value) in feedback.ratings { sums[driver, default: 0] += value }
    }

    /// Each driver's average, 1 to 5, to one decimal; empty before any answer.
    public var averages: [KeyDriver: Double] {
        guard answered > 0 else { return [:] }
        return sums.mapValues { (Double($0) * 10 / Double(answered)).rounded() / 10 }
    }
}
