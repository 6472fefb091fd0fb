import Audit
import Crypto
import Foundation
import Testing

@Suite("Tamper-evident audit chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> (AuditChain, [SealedAuditEntry]) {
        var chain = AuditChain()
        let entries = (0..<count).map { index in
            chain.append(AuditRecord(actor: "client:974760673/nav-\(index % 3)", subject: "0184826941\(index % 10)",
                                     action: "registers.person.read", purpose: "smittesporing",
                                     legalBasis: "smittevernloven § 7-3"), recordedAt: 1_790_000_000_000 + Int64(index))
        }
        return (chain, entries)
    }

    @Test("An untouched chain verifies, and sequence numbers run from 1 without gaps")
    func intact() throws {
        let (chain, entries) = Self.chain(50)
        #expect(try AuditVerifier.verify(entries) == 50)
        #expect(entries.map(\.sequence) == Array(1...50))
        #expect(chain.sequence == 50 && chain.hash == entries.last?.hash)
        #expect(try AuditVerifier.verify([]) == 0)
    }

    @Test("Editing any field of a row is caught at that row")
    func modified() {
        let (_, entries) = Self.chain(20)
        let edits: [(inout SealedAuditEntry) -> Void] = [
            { $0.record.purpose = "nysgjerrighet" },
            { $0.record.subject = "01848010215" },
            { $0.record.actor += "x" },
            { $0.recordedAt += 1 },
            { $0.hash[0] ^= 1 },
        ]
        for edit in edits.indices {
            var tampered = entries
            edits[edit](&tampered[7])
            #expect(throws: AuditChainBreak.modified(position: 7, sequence: 8)) { try AuditVerifier.verify(tampered) }
        }
    }

    @Test("Deleting a row is caught where the gap is")
    func deleted() {
        var entries = Self.chain(20).1
        entries.remove(at: 11)
        #expect(throws: AuditChainBreak.deleted(position: 11, expected: 12)) { try AuditVerifier.verify(entries) }
        var first = Self.chain(5).1
        first.removeFirst()
        #expect(throws: AuditChainBreak.deleted(position: 0, expected: 1)) { try AuditVerifier.verify(first) }
    }

    @Test("Swapping two rows is caught as reordering")
    func reordered() {
        var entries = Self.chain(20).1
        entries.swapAt(4, 9)
        #expect(throws: AuditChainBreak.reordered(position: 4, expected: 5, found: 10)) { try AuditVerifier.verify(entries) }
    }

    @Test("Rewriting the tail with fresh hashes is caught by the signed checkpoint")
    func rewrittenTail() throws {
        let key = P256.Signing.PrivateKey()
        let (chain, entries) = Self.chain(30)
        let checkpoint = try AuditCheckpoint.sign(chain, at: 1_790_000_100_000, key: key, keyID: "audit-1")
        let keys = ["audit-1": key.publicKey]
        #expect(try AuditVerifier.verify(entries, checkpoints: [checkpoint], keys: keys) == 30)

        // An insider edits entry 10 and recomputes every hash after it: the hashes alone agree.
        var rewritten = AuditChain()
        let forged = entries.map { entry -> SealedAuditEntry in
            var record = entry.record
            if entry.sequence == 10 { record.purpose = "nysgjerrighet" }
            return rewritten.append(record, recordedAt: entry.recordedAt)
        }
        #expect(try AuditVerifier.verify(forged) == 30)
        #expect(throws: AuditChainBreak.checkpointMismatch(sequence: 30)) {
            try AuditVerifier.verify(forged, checkpoints: [checkpoint], keys: keys)
        }
    }

    @Test("Cutting entries off the end is caught by a later checkpoint")
    func truncated() throws {
        let key = P256.Signing.PrivateKey()
        let (chain, entries) = Self.chain(12)
        let checkpoint = try AuditCheckpoint.sign(chain, at: 1, key: key, keyID: "k")
        #expect(throws: AuditChainBreak.truncated(checkpointSequence: 12, lastSequence: 9)) {
            try AuditVerifier.verify(Array(entries.prefix(9)), checkpoints: [checkpoint], keys: ["k": key.publicKey])
        }
    }

    @Test("A forged or unknown-key checkpoint is refused")
    func forgedCheckpoint() throws {
        let key = P256.Signing.PrivateKey(), other = P256.Signing.PrivateKey()
        let (chain, entries) = Self.chain(5)
        var checkpoint = try AuditCheckpoint.sign(chain, at: 1, key: key, keyID: "k")
        #expect(throws: AuditChainBreak.badCheckpointSignature(sequence: 5)) {
            try AuditVerifier.verify(entries, checkpoints: [checkpoint], keys: ["k": other.publicKey])
        }
        #expect(throws: AuditChainBreak.badCheckpointSignature(sequence: 5)) {
            try AuditVerifier.verify(entries, checkpoints: [checkpoint], keys: [:])
        }
        checkpoint.signedAt += 1
        #expect(!checkpoint.isSigned(by: key.publicKey))
        checkpoint.signature = Data([1, 2, 3])
        #expect(!checkpoint.isSigned(by: key.publicKey))
    }

    @Test("Canonical bytes cannot be confused by moving text between fields")
    func canonicalEncoding() {
        func entry(_ actor: String, _ subject: String) -> SealedAuditEntry {
            SealedAuditEntry(sequence: 1, recordedAt: 0, record: AuditRecord(actor: actor, subject: subject, action: "a",
                                                                             purpose: "p", legalBasis: "l"), hash: Data())
        }
        #expect(entry("ab", "c").canonicalBytes != entry("a", "bc").canonicalBytes)
        #expect(entry("æ", "").canonicalBytes != entry("", "æ").canonicalBytes)
    }

    @Test("A chain continued from a stored head seals exactly as one unbroken chain")
    func continuation() {
        let (head, first) = Self.chain(10)
        var continued = AuditChain(sequence: head.sequence, hash: head.hash)
        var whole = Self.chain(10).0
        let record = AuditRecord(actor: "staff:x", subject: "y", action: "z", purpose: "p", legalBasis: "l")
        let a = continued.append(record, recordedAt: 5), b = whole.append(record, recordedAt: 5)
        #expect(a == b)
        #expect(throws: Never.self) { try AuditVerifier.verify(first + [a]) }
    }
}
