import Localization

/// A place that takes bookings, as the list of stations shows it.
public struct StationRow: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Street address, postcode and place.
    public var address: String
    public init(id: String, name: String, address: String) { (self.id, self.name, self.address) = (id, name, address) }
}

/// A day in the day picker.
public struct BookingDay: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var date: String
    /// The day in words ("mandag 7. desember").
    public var label: String
    public var selected: Bool
    public init(date: String, label: String, selected: Bool) { (self.date, self.label, self.selected) = (date, label, selected) }
}

/// A time that can be chosen.
public struct SlotOption: Sendable, Equatable {
    public var id: String
    /// `08:15`.
    public var time: String
    public var free: Int
    public init(id: String, time: String, free: Int) { (self.id, self.time, self.free) = (id, time, free) }
}

/// The page where a time is chosen at one station, for a new booking or to move one.
public struct SlotPageModel: Sendable, Equatable {
    public var station: StationRow
    public var days: [BookingDay]
    public var dayLabel: String
    public var slots: [SlotOption]
    /// The booking being moved, if this is a change.
    public var changing: String?
    public var csrfToken: String
    public var error: String?
    public init(station: StationRow, days: [BookingDay], dayLabel: String, slots: [SlotOption], changing: String?, csrfToken: String, error: String?) {
        (self.station, self.days, self.dayLabel, self.slots, self.changing, self.csrfToken, self.error) =
            (station, days, dayLabel, slots, changing, csrfToken, error)
    }
}

/// One of the person's bookings.
public struct BookingRow: Sendable, Equatable {
    public var id: String
    /// The day and time in words.
    public var when: String
    public var station: StationRow
    public var status: MessageKey
    /// Whether it can still be changed or cancelled.
    public var upcoming: Bool
    public init(id: String, when: String, station: StationRow, status: MessageKey, upcoming: Bool) {
        (self.id, self.when, self.station, self.status, self.upcoming) = (id, when, station, status, upcoming)
    }
}
