import Events
import Persistence

/// Group commit for the outcomes of sending. Each SMTP session and SMS group hands in its outcomes
/// as soon as it finishes, and returns once they are committed. A caller that finds the queue idle
/// writes its own at once; the groups that finish meanwhile wait, and are then written together in
/// one transaction (up to `maximum` outcomes). On SQLite, where writers take turns, this turns a
/// transaction per 25 e-mails into one per many groups.
actor SettleQueue {
    let messages: NotifyMessages
    let schedule: RetrySchedule
    private var pending: [(outcomes: [(ClaimedNotice, NoticeOutcome)], done: CheckedContinuation<(any Error)?, Never>)] = []
    private var writing = false
    /// The most outcomes settled in one transaction (keeps one commit short).
    static let maximum = 2000

    init(messages: NotifyMessages, schedule: RetrySchedule) {
        self.messages = messages
        self.schedule = schedule
    }

    /// Records the outcomes, alone or with others; throws if their transaction failed (they stay
    /// claimed until the lease ends, and are then sent again).
    func settle(_ outcomes: [(ClaimedNotice, NoticeOutcome)]) async throws {
        guard !outcomes.isEmpty else { return }
        if writing {
            if let failure = await withCheckedContinuation({ pending.append((outcomes, $0)) }) { throw failure }
            return
        }
        writing = true
        let failure = await write(outcomes)
        if pending.isEmpty { writing = false } else { Task { await self.drain() } }
        if let failure { throw failure }
    }

    private func drain() async {
        while !pending.isEmpty {
            var batch: [(outcomes: [(ClaimedNotice, NoticeOutcome)], done: CheckedContinuation<(any Error)?, Never>)] = []
            var count = 0
            while let next = pending.first, batch.isEmpty || count + next.outcomes.count <= Self.maximum {
                batch.append(pending.removeFirst())
                count += next.outcomes.count
            }
            let failure = await write(batch.flatMap(\.outcomes))
            for item in batch { item.done.resume(returning: failure) }
        }
        writing = false
    }

    private func write(_ outcomes: [(ClaimedNotice, NoticeOutcome)]) async -> (any Error)? {
        do {
            try await messages.settle(outcomes, schedule: schedule)
            return nil
        } catch {
            return error
        }
    }
}
