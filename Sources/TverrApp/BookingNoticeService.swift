import Logging
import Persistence
import ServiceLifecycle

/// Sends the booking block's notices and reminders (`BookingNotices`) every few seconds, until
/// graceful shutdown. A failed run is logged and tried again at the next poll; nothing is lost,
/// since what is owed stays in the bookings table until it is sent.
struct BookingNoticeService: Service {
    let notices: BookingNotices
    let poll: Duration
    let logger: Logger

    func run() async throws {
        try await OutboxWorker.run(batchSize: 100, poll: poll) {
            do {
                return try await notices.runOnce()
            } catch {
                logger.warning("Booking notices could not be sent; trying again", metadata: ["error": "\(String(describing: error).prefix(300))"])
                return 0
            }
        }
    }
}
