import Audit
import Foundation
import Identifiers
import SQLKit

extension Settlements {
    /// The people of a family in one municipality with one status: application and number.
    func members(_ groupID: String, in municipality: String, status: String, on sql: any SQLDatabase) async throws -> [(String, String)] {
        try await sql.raw("""
            SELECT application_reference, identity_number FROM settlements
            WHERE group_id = \(bind: groupID) AND municipality_number = \(bind: municipality) AND status = \(bind: status)
            ORDER BY application_reference
            """).all().map { (try $0.decode(column: "application_reference", as: String.self), try $0.decode(column: "identity_number", as: String.self)) }
    }

    /// The municipality accepts the family proposed to it, or declines with a reason; a declined
    /// family is waiting again for IMDi, and its places are free again.
    public func answer(_ groupID: String, in municipality: String, accept: Bool, reason: String, by actor: String, at date: Date = Date()) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !accept { guard (5...2000).contains(reason.count) else { throw Refusal.reasonRequired } }
        let people = try await members(groupID, in: municipality, status: "proposed", on: store.sql)
        guard !people.isEmpty else { throw Refusal.notProposed }
        let action = accept ? "settlement.accept" : "settlement.decline"
        let records = people.map { AuditRecord(actor: actor, subject: $0.1, action: action, purpose: Self.purpose, legalBasis: Self.legalBasis) }
        try await AuditLog(store: store).audited(records, at: date) { sql in
            let changed = try await sql.raw("""
                UPDATE settlements SET status = \(bind: accept ? "accepted" : "declined"), answered_by = \(bind: actor),
                answered_at = \(bind: Self.milliseconds(date)), decline_reason = \(bind: accept ? nil : reason)
                WHERE group_id = \(bind: groupID) AND municipality_number = \(bind: municipality) AND status = 'proposed' RETURNING identity_number
                """).all()
            guard changed.count == people.count else { throw Refusal.notProposed } // answered meanwhile
            for (reference, number) in people {
                try await Outbox.append(type: accept ? "no.tverr.arrival.settlement-accepted.v1" : "no.tverr.arrival.settlement-declined.v1",
                                        subject: number, data: ["municipalityNumber": municipality, "application": reference],
                                        on: sql, at: date, source: "/tverr/arrival")
            }
        }
    }

    /// The family accepted by the municipality moves in: each person's new address goes into the
    /// population register from `movedIn` (each raising `no.tverr.registers.address-changed.v1`),
    /// and the settlement is done (`no.tverr.arrival.settled.v1`). All of it, or nothing.
    public func moveIn(_ groupID: String, in municipality: String, street: String, postcode: String, movedIn: String,
                       by actor: String, at date: Date = Date()) async throws {
        let people = try await members(groupID, in: municipality, status: "accepted", on: store.sql)
        guard !people.isEmpty else { throw Refusal.notProposed }
        let change = AddressChange(street: street, postcode: postcode, municipalityNumber: municipality, validFrom: movedIn)
        let records = people.flatMap { person in
            ["registers.address.change", "settlement.move-in"].map {
                AuditRecord(actor: actor, subject: person.1, action: $0, purpose: Self.purpose, legalBasis: Self.legalBasis)
            }
        }
        do {
            try await AuditLog(store: store).audited(records, at: date) { sql in
                for (reference, number) in people {
                    try await RegisterExchange.changeAddress(try NationalIdentityNumber(number), to: change, byAuthority: true, on: sql, at: date)
                    let updated = try await sql.raw("""
                        UPDATE settlements SET status = 'settled', settled_on = \(bind: movedIn), settled_at = \(bind: Self.milliseconds(date))
                        WHERE application_reference = \(bind: reference) AND status = 'accepted' RETURNING id
                        """).first()
                    guard updated != nil else { throw Refusal.notProposed }
                    try await Outbox.append(type: "no.tverr.arrival.settled.v1", subject: number,
                                            data: ["municipalityNumber": municipality, "application": reference, "movedIn": movedIn],
                                            on: sql, at: date, source: "/tverr/arrival")
                }
            }
        } catch let refused as ChangeRefused {
            throw Refusal.address(refused)
        }
    }
}
