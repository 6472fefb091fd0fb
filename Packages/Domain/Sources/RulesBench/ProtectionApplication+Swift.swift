extension ProtectionApplication {
    /// The 2022.1 conditions of `rules/collective-protection.yaml`, written directly in Swift:
    /// the benchmark's baseline, and a second opinion in the tests.
    ///
    /// Returns whether to grant, and the route reasons as bits in the order the rule file
    /// lists them (missing information, not a Ukrainian citizen, no address, no ground met).
    @inline(__always)
    public func decideInSwift() -> (grant: Bool, reasons: UInt32) {
        let ukrainian = citizenship == 0
        let lived = livedInUkraine == true
        let resident = ukrainian && lived && ((leftUkraineOn.map { $0 >= Self.invasion } ?? false) || shortStayAbroad == true)
        let fledBefore = ukrainian && lived && (leftUkraineOn.map { $0 >= Self.ninetyDaysBefore && $0 < Self.invasion } ?? false)
        let protected = protectionInUkraine == true && (leftUkraineOn.map { $0 >= Self.ninetyDaysBefore } ?? false)
        var age: Int32?
        if let born = dateOfBirth { age = Int32(FactValueYears.years(from: born, to: applicationDate)) }
        let beganBefore = relationshipBeganOn.map { $0 < Self.invasion } ?? false
        let principal = principalEligible == true
        let closeFamily: Bool = switch relationship {
        case .spouse?, .cohabitant?: beganBefore && principal
        case .child?: (age.map { $0 < 18 } ?? false) && principal
        default: false
        }
        let household = relationship == .householdMember && beganBefore && principal
        let lawful = ukrainian && lawfullyInNorway == true && stayBasisLapses == true
        let eligible = resident || fledBefore || protected || closeFamily || household || lawful
        let complete = identityDocumented == true && citizenship != nil && dateOfBirth != nil && relationship != nil
            && (leftUkraineOn != nil || (relationship.map { $0 != .none } ?? false) || lawfullyInNorway == true)
        var reasons: UInt32 = 0
        if !complete { reasons |= 1 }
        if let citizenship, citizenship != 0 { reasons |= 2 }
        if addressInNorway != true { reasons |= 4 }
        let grant = reasons == 0 && eligible
        if !grant && reasons == 0 { reasons = 8 }
        return (grant, reasons)
    }
}

import Identifiers

/// Ages as the engine computes them.
enum FactValueYears {
    @inline(__always)
    static func years(from: Int32, to: Int32) -> Int {
        CalendarDate(daysSinceEpoch: Int(from)).years(until: CalendarDate(daysSinceEpoch: Int(to)))
    }
}
