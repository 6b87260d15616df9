import AtiendeCore
import AtiendeJSON
import AtiendeQueue
import AtiendeStore
import Foundation
import OpenAPIRuntime

/// What only admins do: replace the office config, see its versions, manage accounts.
extension API {
    /// The config as sent, checked as `atiende init` checks it; without `access`, the
    /// stored one is kept. An invalid config is a 422 with the checker's one line; a change
    /// made on a version no longer in use (`?version=`) is a 409, and nothing changes.
    func putOffice(_ input: Operations.PutOffice.Input) async throws -> Operations.PutOffice.Output {
        guard case .json(var config) = input.body else { throw APIError.unreadableBody }
        let caller = try caller
        if config.value["access"] == nil {
            let stored = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(try await queue.storedConfig().json.utf8))
            if let access = stored.value["access"] {
                var fields = config.value
                fields["access"] = access
                try config.setValue(validating: fields)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(config), as: UTF8.self)
        let summary: SetupSummary
        do {
            summary = try await queue.applyConfig(json, by: caller.staff?.user, basedOn: input.query.version.map(Int64.init))
        } catch let error as StaleConfig {
            throw APIError(.conflict, error.description, reason: "staleConfig")
        } catch let error as ConfigError {
            // Told in the page's language, naming the field as the page shows it.
            throw RejectedConfig(error: error)
        }
        try await server.offices.refresh()
        let version = try await queue.versionedOffice().version
        return .ok(.init(body: .json(.init(
            version: Int(version), changed: summary.changed, addedServices: summary.addedServices.map(\.rawValue), removedServices: summary.removedServices.map(\.rawValue),
            pausedServices: summary.pausedServices.map(\.rawValue), addedDesks: summary.addedDesks.map(\.rawValue), removedDesks: summary.removedDesks.map(\.rawValue)))))
    }

    func getOfficeVersions(_ input: Operations.GetOfficeVersions.Input) async throws -> Operations.GetOfficeVersions.Output {
        let zone = try caller.office.timeZone
        let versions = try await queue.configVersions(limit: 100).map {
            Operations.GetOfficeVersions.Output.Ok.Body.JsonPayloadPayload(
                version: Int($0.id), appliedAt: OfficeTime($0.appliedAt, timeZone: zone), appliedBy: $0.appliedBy)
        }
        return .ok(.init(body: .json(versions)))
    }

    func getOfficeVersion(_ input: Operations.GetOfficeVersion.Input) async throws -> Operations.GetOfficeVersion.Output {
        guard let json = try await queue.config(version: Int64(input.path.version)) else {
            throw APIError(.notFound, "no config version \(input.path.version): see GET /api/office/versions", reason: "notFound")
        }
        return .ok(.init(body: .json(try API.config(json))))
    }

    func listStaff(_ input: Operations.ListStaff.Input) async throws -> Operations.ListStaff.Output {
        .ok(.init(body: .json(try await queue.staffAccounts().map(QueueJSON.staffAccount))))
    }

    func addStaff(_ input: Operations.AddStaff.Input) async throws -> Operations.AddStaff.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        if let password = body.password { try StaffAccount.checkPassword(password) }
        let account = StaffAccount(
            user: body.user, name: body.name, role: body.role.map(StaffRole.init) ?? .clerk,
            desks: (body.desks ?? []).map(DeskID.init(typed:)), services: (body.services ?? []).map(ServiceCode.init(typed:)))
        let checked = try account.checked(against: try caller.office)
        var hash: String?
        if let password = body.password { hash = try await Passwords.hash(password) }
        if let institution = queue as? any InstitutionOffice {
            // A person of another office may be given a role here without a password.
            try await institution.addStaff(checked, passwordHash: hash, byInstitution: try await byInstitutionAdmin(institution))
            let added = try await queue.staffAccount(checked.user)?.account ?? checked
            return .created(.init(body: .json(QueueJSON.staffAccount(added))))
        }
        guard let hash else { throw StaffError.passwordMissing(checked.user) }
        try await queue.addStaff(checked, passwordHash: hash)
        return .created(.init(body: .json(QueueJSON.staffAccount(checked))))
    }

    func changeStaff(_ input: Operations.ChangeStaff.Input) async throws -> Operations.ChangeStaff.Output {
        guard case .json(let body) = input.body else { throw APIError.unreadableBody }
        guard var account = try await queue.staffAccount(input.path.user)?.account else { throw StaffError.unknownUser(input.path.user) }
        let before = account
        if let name = body.name { account.name = name }
        if let role = body.role.map(StaffRole.init) { account.role = role }
        if let desks = body.desks { account.desks = desks.map(DeskID.init(typed:)) }
        if let services = body.services { account.services = services.map(ServiceCode.init(typed:)) }
        if let active = body.active { account.active = active }
        var hash: String?
        if let password = body.password {
            try StaffAccount.checkPassword(password)
            hash = try await Passwords.hash(password)
        }
        let checked = try account.checked(against: try caller.office)
        try before.checkKeepsAnAdmin(checked, among: try await queue.staffAccounts())
        if let institution = queue as? any InstitutionOffice {
            try await institution.updateStaff(checked, passwordHash: hash, byInstitution: try await byInstitutionAdmin(institution))
        } else {
            try await queue.updateStaff(checked, passwordHash: hash)
        }
        return .ok(.init(body: .json(QueueJSON.staffAccount(checked))))
    }
}

/// The institution together (docs/postgres.md): only on a server of an institution's
/// database, and but for reading the catalogue, only for its admins.
extension API {
    /// The office's institution, or a 404 on a single office.
    var institution: any InstitutionOffice {
        get throws {
            guard let institution = queue as? any InstitutionOffice else {
                throw APIError(
                    .notFound, "this server serves one office on its own (SQLite), which belongs to no institution: an institution's offices share a PostgreSQL database (--db postgres://…)",
                    reason: "noInstitution")
            }
            return institution
        }
    }

    /// Whether the signed-in caller runs the institution.
    func byInstitutionAdmin(_ institution: any InstitutionOffice) async throws -> Bool {
        guard let user = try caller.staff?.user else { return false }
        return try await institution.isInstitutionAdmin(user)
    }

    /// The institution, for one of its admins; 403 for anyone else.
    func institutionForItsAdmin() async throws -> any InstitutionOffice {
        let institution = try institution
        guard try await byInstitutionAdmin(institution) else {
            throw APIError(.forbidden, "only an institution admin may do this: sign in with an account that runs the institution (atiende staff institution-admin USER)", reason: "forbidden")
        }
        return institution
    }

    func getInstitutionOffices(_ input: Operations.GetInstitutionOffices.Input) async throws -> Operations.GetInstitutionOffices.Output {
        let offices = try await institutionForItsAdmin().officesNow()
        return .ok(.init(body: .json(offices.map(QueueJSON.officeNow))))
    }

    func getInstitutionReport(_ input: Operations.GetInstitutionReport.Input) async throws -> Operations.GetInstitutionReport.Output {
        let institution = try await institutionForItsAdmin()
        let today = try caller.office.calendar.day(of: institution.time.now())
        let from = try input.query.from.map { try day($0, "from") } ?? today
        let to = try input.query.to.map { try day($0, "to") } ?? from
        guard from <= to else { throw APIError(.unprocessableContent, "the span ends (\(to)) before it begins (\(from)): give from before to", reason: "badSpan") }
        guard Self.days(from: from, to: to) <= 366 else {
            throw APIError(.unprocessableContent, "a report spans at most 366 days, and \(from) to \(to) is more: ask for a year at a time", reason: "spanTooLong")
        }
        return .ok(.init(body: .json(QueueJSON.institutionReport(try await institution.comparison(from: from, to: to)))))
    }

    func getCatalogue(_ input: Operations.GetCatalogue.Input) async throws -> Operations.GetCatalogue.Output {
        let (version, json) = try await institution.catalogue()
        var catalogue = try JSONDecoder().decode(Components.Schemas.Catalogue.self, from: Data(json.utf8))
        catalogue.version = Int(version)
        return .ok(.init(body: .json(catalogue)))
    }

    func putCatalogue(_ input: Operations.PutCatalogue.Input) async throws -> Operations.PutCatalogue.Output {
        guard case .json(var catalogue) = input.body else { throw APIError.unreadableBody }
        let institution = try await institutionForItsAdmin()
        catalogue.version = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let (version, offices) = try await institution.setCatalogue(
                String(decoding: try encoder.encode(catalogue), as: UTF8.self), by: try caller.staff?.user)
            try await server.offices.refresh()
            return .ok(.init(body: .json(.init(version: Int(version), offices: offices))))
        } catch let error as ConfigError {
            throw RejectedConfig(error: error)
        }
    }
}
