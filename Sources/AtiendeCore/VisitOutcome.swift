import Foundation

/// One way a visit can end, from the office's list (the seminario's steps end in three:
/// resolved on the spot, a case filed, or sent to the institution that can help).
public struct OutcomeKind: Sendable, Equatable {
    /// What the desk adds when it records this outcome.
    public enum Detail: String, Sendable, CaseIterable {
        /// The number of the complaint or petition filed.
        case caseNumber
        /// The institution the visitor was sent to.
        case referredTo
    }

    /// A stable name for programs and reports (`resolved`).
    public var code: String
    public var name: LocalizedText
    public var needs: Detail?

    public init(code: String, name: LocalizedText, needs: Detail? = nil) {
        self.code = code
        self.name = name
        self.needs = needs
    }

    /// The list an office gets unless its config gives its own.
    public static let defaults: [OutcomeKind] = [
        OutcomeKind(code: "resolved", name: LocalizedText(es: "Resuelto aquí", en: "Resolved here")),
        OutcomeKind(code: "caseOpened", name: LocalizedText(es: "Queja o petición radicada", en: "Case filed"), needs: .caseNumber),
        OutcomeKind(code: "referred", name: LocalizedText(es: "Remitido a otra entidad", en: "Referred elsewhere"), needs: .referredTo),
        OutcomeKind(code: "followUp", name: LocalizedText(es: "La oficina le contactará", en: "Office will follow up")),
    ]

    /// The code of the outcome reports count as resolved on the spot.
    public static let resolved = "resolved"
}

/// How one visit ended, as the desk recorded it when finishing. The note is for staff
/// only: it never reaches a public screen, the event stream or a report.
public struct VisitOutcome: Sendable, Equatable, Codable {
    public var code: String
    public var caseNumber: String?
    public var referredTo: String?
    public var note: String?

    public init(code: String, caseNumber: String? = nil, referredTo: String? = nil, note: String? = nil) {
        self.code = code
        self.caseNumber = caseNumber
        self.referredTo = referredTo
        self.note = note
    }

    /// What may be shown beyond the desk: the outcome and no detail about the visitor.
    public var withoutDetails: VisitOutcome { VisitOutcome(code: code) }
}

extension Office {
    /// The outcome as it will be stored: trimmed, from the office's list, with the detail
    /// its kind needs, within length; or the refusal that says what to fix. `nil` when
    /// none was given and the office does not require one.
    public func check(_ outcome: VisitOutcome?) throws(QueueError) -> VisitOutcome? {
        let known = outcomes.map(\.code)
        guard let outcome else {
            if outcomeRequired { throw .outcomeMissing(known: known) }
            return nil
        }
        guard let kind = outcomes.first(where: { $0.code == outcome.code }) else { throw .unknownOutcome(outcome.code, known: known) }
        let caseNumber = try Self.clean(outcome.caseNumber, "case number", max: 40)
        let referredTo = try Self.clean(outcome.referredTo, "institution referred to", max: 120)
        let note = try Self.clean(outcome.note, "note", max: 500, lineBreaks: true)
        switch kind.needs {
        case .caseNumber? where caseNumber == nil: throw .outcomeNeedsDetail(kind.code, .caseNumber)
        case .referredTo? where referredTo == nil: throw .outcomeNeedsDetail(kind.code, .referredTo)
        default: break
        }
        return VisitOutcome(code: kind.code, caseNumber: caseNumber, referredTo: referredTo, note: note)
    }

    private static func clean(_ text: String?, _ what: String, max: Int, lineBreaks: Bool = false) throws(QueueError) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count <= max, text.utf8.count <= max * 4 else { throw .invalidOutcomeText("the \(what) is too long: keep it to \(max) characters") }
        let allowed: Set<Unicode.Scalar> = lineBreaks ? ["\n", "\t"] : []
        guard !text.unicodeScalars.contains(where: { ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && !allowed.contains($0) }) else {
            throw .invalidOutcomeText("the \(what) has a control character: remove it")
        }
        return text
    }
}
