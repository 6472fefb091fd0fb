import Foundation
import Identifiers
import Reference

/// Counts shown on the front page. Aggregates only: no personal data.
public struct RegisterStatistics: Sendable, Equatable, Codable {
    public var people: Int
    public var municipalities: Int
    public var organisations: Int

    public init(people: Int, municipalities: Int, organisations: Int) {
        self.people = people
        self.municipalities = municipalities
        self.organisations = organisations
    }
}

/// A person as the population register holds them, with current address and contact entry.
public struct RegisteredPerson: Sendable, Equatable {
    public var id: UUID
    public var identityNumber: NationalIdentityNumber
    public var givenName: String
    public var familyName: String
    public var givenNameNative: String?
    public var familyNameNative: String?
    public var birthDate: CalendarDate
    public var citizenship: String
    public var currentMunicipalityNumber: String?
    public var isReserved: Bool?
}

/// Read access to the population register and reference data.
public protocol RegisterRepository: Sendable {
    /// All municipalities, by number.
    func municipalities() async throws -> [Municipality]
    /// All organisations, optionally of one kind, by number.
    func organisations(kind: Organisation.Kind?) async throws -> [Organisation]
    /// Aggregate counts.
    func statistics() async throws -> RegisterStatistics
    /// The person with `number`, if registered.
    func person(_ number: NationalIdentityNumber) async throws -> RegisteredPerson?
    /// A few synthetic people to log in as in demo mode: one of each useful kind.
    func demoIdentities(today: CalendarDate) async throws -> [RegisteredPerson]
}

/// A repository over fixed lists, for fast tests of code that reads the register.
public struct InMemoryRegisterRepository: RegisterRepository {
    public var people: [RegisteredPerson]

    public init(people: [RegisteredPerson] = []) { self.people = people }

    public func municipalities() async throws -> [Municipality] { Municipality.all.sorted { $0.number < $1.number } }

    public func organisations(kind: Organisation.Kind?) async throws -> [Organisation] {
        Organisation.all.filter { kind == nil || $0.kind == kind }.sorted { $0.number < $1.number }
    }

    public func statistics() async throws -> RegisterStatistics {
        RegisterStatistics(people: people.count, municipalities: Municipality.all.count, organisations: Organisation.all.count)
    }

    public func person(_ number: NationalIdentityNumber) async throws -> RegisteredPerson? {
        people.first { $0.identityNumber == number }
    }

    public func demoIdentities(today: CalendarDate) async throws -> [RegisteredPerson] { Array(people.prefix(4)) }
}
