import Identity

extension NotifyMessages {
    /// One message of a batch and what became of it.
    public struct BatchResult: Codable, Sendable, Equatable {
        public var index: Int
        /// `created`, `duplicate` (an earlier message with the same idempotency key) or `rejected`.
        public var status: String
        public var id: String?
        public var error: String?
        public var httpStatus: Int?
    }

    /// Messages written in one transaction on the batch path.
    public static let chunkSize = 500

    /// Sends many messages; a bad one never stops the good ones. They are written `chunkSize` at
    /// a time in one audited transaction each, two chunks at once, and reported by their index.
    /// A chunk the database refuses as a whole (a key used by another request at the same moment)
    /// is sent again one message at a time, so each gets its own answer.
    public func sendBatch(_ requests: [(MessageRequest, key: String?)], caller: ExchangeCaller,
                          authorisation: ExchangeCatalogue.Authorisation?, parallel: Int = 2) async -> [BatchResult] {
        // A key used again later in the batch waits for its first use, so that the first is the
        // one created and the later ones are its duplicates.
        var seen = Set<String>()
        var first: [(index: Int, request: MessageRequest, key: String?)] = [], again: [Int] = []
        for (index, (request, key)) in requests.enumerated() {
            if let key, !seen.insert(key).inserted { again.append(index) } else { first.append((index, request, key)) }
        }
        let chunks = first.pieces(of: Self.chunkSize).map(Array.init)
        var results = await concurrently(chunks, parallel: parallel) { chunk in
            do {
                let outcomes = try await write(chunk, caller: caller, authorisation: authorisation)
                return chunk.map { Self.result($0.index, outcomes[$0.index]) }
            } catch {
                return await concurrently(chunk.map { [$0.index] }, parallel: 8) { one in
                    [await sendOne(one[0], requests, caller: caller, authorisation: authorisation)]
                }
            }
        }
        results += await concurrently(again.map { [$0] }, parallel: 8) { one in
            [await sendOne(one[0], requests, caller: caller, authorisation: authorisation)]
        }
        return results.sorted { $0.index < $1.index }
    }

    private func sendOne(_ index: Int, _ requests: [(MessageRequest, key: String?)], caller: ExchangeCaller,
                         authorisation: ExchangeCatalogue.Authorisation?) async -> BatchResult {
        let (request, key) = requests[index]
        do {
            let (status, created) = try await send(request, caller: caller, authorisation: authorisation, idempotencyKey: key)
            return Self.result(index, created ? .created(status.id) : .duplicate(status.id))
        } catch let refusal as MessageRefusal {
            return Self.result(index, .rejected(refusal))
        } catch {
            return BatchResult(index: index, status: "rejected", error: "The message could not be stored; send it again.", httpStatus: 500)
        }
    }

    static func result(_ index: Int, _ outcome: WriteOutcome?) -> BatchResult {
        switch outcome {
        case .created(let id): BatchResult(index: index, status: "created", id: id)
        case .duplicate(let id): BatchResult(index: index, status: "duplicate", id: id)
        case .rejected(let refusal):
            BatchResult(index: index, status: "rejected", error: refusal.description, httpStatus: Self.httpStatus(refusal))
        case nil: BatchResult(index: index, status: "rejected", error: "The message could not be read.", httpStatus: 400)
        }
    }

    static func httpStatus(_ refusal: MessageRefusal) -> Int {
        switch refusal { case .notFound: 404; case .idempotencyConflict: 409; default: 400 }
    }

    /// Runs `work` over `items`, at most `parallel` at a time, and joins the results.
    private func concurrently<Item: Sendable>(_ items: [Item], parallel: Int,
                                              _ work: @escaping @Sendable (Item) async -> [BatchResult]) async -> [BatchResult] {
        await withTaskGroup(of: [BatchResult].self) { group in
            var results: [BatchResult] = []
            var next = 0
            while next < min(parallel, items.count) { let item = items[next]; group.addTask { await work(item) }; next += 1 }
            for await done in group {
                results += done
                if next < items.count { let item = items[next]; group.addTask { await work(item) }; next += 1 }
            }
            return results
        }
    }
}
