import Crypto
import Foundation

/// One access to personal data, as the audit log records it: who, whose data, what, why, under
/// which legal basis, and when.
public struct AuditRecord: Sendable, Equatable, Codable {
    /// Who accessed: a staff member (`staff:<pid>`), a machine client (`client:<orgno>/<id>`) or the person.
    public var actor: String
    /// Whose data was accessed: a national identity number.
    public var subject: String
    /// What was done, for example `registers.person.read`.
    public var action: String
    /// The declared purpose, for example `smittesporing`.
    public var purpose: String
    /// The legal basis, for example `smittevernloven § 7-3`.
    public var legalBasis: String

    /// Creates a record.
    public init(actor: String, subject: String, action: String, purpose: String, legalBasis: String) {
        self.actor = actor
        self.subject = subject
        self.action = action
        self.purpose = purpose
        self.legalBasis = legalBasis
    }
}

/// An audit record sealed into the hash chain: its place, its time and its chained hash.
public struct SealedAuditEntry: Sendable, Equatable, Codable {
    /// The position in the chain, from 1, without gaps.
    public var sequence: Int64
    /// When it was recorded, in milliseconds since 1970 (whole numbers keep the hash canonical).
    public var recordedAt: Int64
    /// What was recorded.
    public var record: AuditRecord
    /// SHA-256 over the previous entry's hash and this entry's canonical bytes.
    public var hash: Data

    /// Creates a sealed entry as read back from storage.
    public init(sequence: Int64, recordedAt: Int64, record: AuditRecord, hash: Data) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.record = record
        self.hash = hash
    }

    /// The canonical bytes that are hashed: a version tag, then sequence and time as 8-byte
    /// big-endian integers, then each text as a 4-byte big-endian length and its UTF-8 bytes.
    public var canonicalBytes: Data { Data(canonicalByteArray()) }

    /// The canonical bytes in one pre-sized buffer (the hot path of every append).
    func canonicalByteArray() -> [UInt8] {
        let r = record
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.tag.count + 36 + r.actor.utf8.count + r.subject.utf8.count + r.action.utf8.count
                              + r.purpose.utf8.count + r.legalBasis.utf8.count)
        bytes.append(contentsOf: Self.tag)
        bytes.appendBigEndian(sequence)
        bytes.appendBigEndian(recordedAt)
        bytes.appendField(r.actor)
        bytes.appendField(r.subject)
        bytes.appendField(r.action)
        bytes.appendField(r.purpose)
        bytes.appendField(r.legalBasis)
        return bytes
    }

    static let tag = Array("tverr-audit-v1".utf8)

    /// The chained hash of this entry's content after `previous`.
    public func computedHash(after previous: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonicalByteArray())
        return Data(hasher.finalize())
    }
}

extension [UInt8] {
    mutating func appendField(_ text: String) {
        appendBigEndian(UInt32(text.utf8.count))
        append(contentsOf: text.utf8)
    }

    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

extension Data {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
