import Foundation
import Population
import SQLKit
import Youth

/// `tverr bench youth`: the archive of answered questions with `answers` synthetic published
/// answers (ung.no had about 380,000), searched with a realistic mix of queries through
/// `YouthQuestions.search` (what `/ung/svar-fra-fagfolk` runs), against the bare full-text
/// match on the same connection (the same FTS5 or tsvector query returning only ids) as the
/// baseline. Deterministic for a seed.
public struct YouthArchiveBenchmark: Sendable {
    public let answers: Int, queries: Int, seed: UInt64

    public init(answers: Int, queries: Int, seed: UInt64 = 2026) { (self.answers, self.queries, self.seed) = (answers, queries, seed) }

    /// Latencies in milliseconds, sorted.
    public struct Latencies: Sendable {
        public let sorted: [Double]
        public func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        public var mean: Double { sorted.reduce(0, +) / Double(max(1, sorted.count)) }
    }

    public struct Result: Sendable {
        public let seedSeconds: Double, tverr: Latencies, direct: Latencies, hitsPerQuery: Double
    }

    static let subjects = ["mobbing", "angst", "søvn", "kjæreste", "alkohol", "snus", "eksamen", "foreldre", "skilsmisse", "trening", "kosthold",
                           "prevensjon", "mensen", "kviser", "penger", "deltidsjobb", "lærling", "russetid", "venner", "ensomhet", "nettvett", "gaming",
                           "sosiale medier", "selvbilde", "sminke", "tatovering", "førerkort", "moped", "flytte hjemmefra", "rettigheter"]
    static let phrases = ["hva gjør jeg når", "er det normalt med", "hvordan kan jeg snakke om", "jeg lurer på", "hvem kan hjelpe meg med",
                          "hva sier loven om", "kan jeg bestemme selv om", "hvor lenge varer", "hvordan slutter jeg med", "er det farlig med"]
    static let fillers = ["skolen", "helsesykepleier", "vennene", "mamma", "pappa", "læreren", "kroppen", "hjemme", "helgen", "fest", "natt", "trist",
                          "sint", "redd", "glad", "sliten", "stress", "klassen", "trener", "nettet", "bilder", "meldinger", "lege", "hjelp", "råd"]

    /// The question and answer for number `index`.
    static func texts<G: RandomNumberGenerator>(_ generator: inout G) -> (question: String, answer: String, subject: String) {
        func pick(_ list: [String]) -> String { list[Int(generator.next(upperBound: UInt64(list.count)))] }
        let subject = pick(subjects)
        let question = "\(pick(phrases).capitalized) \(subject)? Det gjelder \(pick(fillers)) og \(pick(fillers)), og jeg vet ikke hva jeg skal gjøre med \(pick(fillers))."
        let answer = switch generator.next(upperBound: UInt64(4)) {
        case 0: "Takk for spørsmålet om \(subject). Mange lurer på det samme. Snakk med \(pick(fillers)) eller \(pick(fillers)) om \(pick(fillers))."
        case 1: "Det du forteller om \(subject), er vanlig. Prøv å ta det i ro, og si fra til \(pick(fillers)) hvis \(pick(fillers)) blir for mye."
        case 2: "Om \(subject): du bestemmer mye selv, men \(pick(fillers)) kan gi råd. Les mer om \(pick(fillers)) og \(pick(fillers)) her på ung.no."
        default: "Helsesykepleier kan hjelpe med \(subject) og \(pick(fillers)). Du kan også ringe eller chatte med noen om \(pick(fillers))."
        }
        return (question, answer, subject)
    }

    /// The query mix: a subject, a subject with a filler, and half-typed words.
    static func query<G: RandomNumberGenerator>(_ generator: inout G) -> FullTextQuery {
        func pick(_ list: [String]) -> String { list[Int(generator.next(upperBound: UInt64(list.count)))] }
        let text = switch generator.next(upperBound: UInt64(4)) {
        case 0: pick(subjects)
        case 1: "\(pick(subjects)) \(pick(fillers))"
        case 2: String(pick(subjects).prefix(4))
        default: "\(pick(fillers)) \(String(pick(fillers).prefix(3)))"
        }
        return FullTextQuery(text)!
    }

    public func run(store: Store, say: @Sendable (String) -> Void) async throws -> Result {
        let started = Date()
        var generator = SeededGenerator(seed: seed)
        let table = BulkInsert(table: "youth_questions", columns: ["id", "reply_digest", "language", "text", "urgent", "concerns", "discipline", "status",
                                                                   "asked_at", "answer", "answered_by", "answered_at", "published_question",
                                                                   "published_answer", "published_at"], booleanColumns: ["urgent"])
        let base = Int64((Date().timeIntervalSince1970 - 3 * 365 * 86_400) * 1000)
        var done = 0
        while done < answers {
            let count = min(10_000, answers - done)
            var rows: [[Cell]] = []
            rows.reserveCapacity(count)
            for index in done..<(done + count) {
                let (question, answer, subject) = Self.texts(&generator)
                let at = base + Int64(index) * 240_000
                rows.append([.text("bench-\(index)"), .text("bench-digest-\(index)"), .text("nb"), .text(question), .bool(false), .text(""),
                             .text(Triage.suggest(subject).rawValue), .text("published"), .integer(Int(at)), .text(answer), .text("staff:bench/expert"),
                             .integer(Int(at + 86_400_000)), .text(question), .text(answer), .integer(Int(at + 90_000_000))])
            }
            let batch = rows
            try await store.writeTransaction { sql in try await table.run(batch, on: sql) }
            done += count
            if done % 100_000 == 0 || done == answers { say("  \(done) answers stored") }
        }
        if !store.isPostgres {
            try await store.sql.raw("""
                INSERT INTO youth_answers_fts (question_id, question, answer)
                SELECT id, published_question, published_answer FROM youth_questions WHERE id LIKE 'bench-%'
                """).run()
        } else {
            try await store.sql.raw("ANALYZE youth_questions").run()
        }
        let seedSeconds = Date().timeIntervalSince(started)
        var mix: [FullTextQuery] = []
        for _ in 0..<queries { mix.append(Self.query(&generator)) }
        let questions = YouthQuestions(store: store)
        for query in mix.prefix(50) { _ = try await questions.search(query) } // warm the caches
        var tverr: [Double] = [], bare: [Double] = [], hits = 0
        for query in mix {
            let t0 = DispatchTime.now().uptimeNanoseconds
            hits += try await questions.search(query).count
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = try await direct(query, store)
            let t2 = DispatchTime.now().uptimeNanoseconds
            tverr.append(Double(t1 - t0) / 1e6)
            bare.append(Double(t2 - t1) / 1e6)
        }
        return Result(seedSeconds: seedSeconds, tverr: Latencies(sorted: tverr.sorted()), direct: Latencies(sorted: bare.sorted()),
                      hitsPerQuery: Double(hits) / Double(max(1, queries)))
    }

    /// The bare full-text match, ranked the same way, returning only ids.
    public func direct(_ query: FullTextQuery, _ store: Store) async throws -> Int {
        if store.isPostgres {
            return try await store.sql.raw("""
                SELECT id FROM youth_questions WHERE search @@ to_tsquery('simple', \(bind: query.tsquery))
                ORDER BY ts_rank(search, to_tsquery('simple', \(bind: query.tsquery))) DESC LIMIT 20
                """).all().count
        }
        return try await store.sql.raw("""
            SELECT question_id FROM youth_answers_fts WHERE youth_answers_fts MATCH \(bind: query.fts5)
            ORDER BY bm25(youth_answers_fts, 0.0, 3.0, 1.0) LIMIT 20
            """).all().count
    }
}
