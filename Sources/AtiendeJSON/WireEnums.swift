import AtiendeCore

// Each enum between the core and the wire, case by case: a case added on either side is a
// compile error here, not a value silently sent as another (`rawValue ?? .waiting` did).

extension Schemas.TicketState {
    init(_ state: TicketState) {
        self = switch state {
        case .waiting: .waiting
        case .called: .called
        case .serving: .serving
        case .done: .done
        case .noShow: .noShow
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}

extension TicketState {
    public init(_ state: Schemas.TicketState) {
        self = switch state {
        case .waiting: .waiting
        case .called: .called
        case .serving: .serving
        case .done: .done
        case .noShow: .noShow
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}

extension Schemas.DeskActivity {
    init(_ activity: DeskState.Activity) {
        self = switch activity {
        case .idle: .idle
        case .called: .called
        case .serving: .serving
        case .closed: .closed
        }
    }
}

extension Schemas.Event.KindPayload {
    init(_ kind: TicketEvent.Kind) {
        self = switch kind {
        case .issued: .issued
        case .called: .called
        case .recalled: .recalled
        case .started: .started
        case .finished: .finished
        case .noShow: .noShow
        case .transferred: .transferred
        case .requeued: .requeued
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}

extension Schemas.DeviceReport.PrinterPayload {
    init(_ printer: DeviceReport.Printer) {
        self = switch printer {
        case .ok: .ok
        case .missing: .missing
        case .failing: .failing
        }
    }
}

extension Schemas.Status.DevicesPayloadPayload.PrinterPayload {
    init(_ printer: DeviceReport.Printer) {
        self = switch printer {
        case .ok: .ok
        case .missing: .missing
        case .failing: .failing
        }
    }
}

extension DeviceReport.Printer {
    init(_ printer: Schemas.DeviceReport.PrinterPayload) {
        self = switch printer {
        case .ok: .ok
        case .missing: .missing
        case .failing: .failing
        }
    }
}

extension Schemas.StaffRole {
    init(_ role: StaffRole) {
        self = switch role {
        case .clerk: .clerk
        case .supervisor: .supervisor
        case .admin: .admin
        }
    }
}

extension StaffRole {
    public init(_ role: Schemas.StaffRole) {
        self = switch role {
        case .clerk: .clerk
        case .supervisor: .supervisor
        case .admin: .admin
        }
    }
}
