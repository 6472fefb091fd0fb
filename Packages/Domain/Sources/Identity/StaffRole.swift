/// The roles staff can be assigned (the role assignment table). A role is held for an organisation.
public enum StaffRole: String, CaseIterable, Codable, Sendable {
    case caseworker
    case healthPersonnel = "health-personnel"
    case police
    case municipalStaff = "municipal-staff"
    /// A contact tracer (non-medical staff): sees the tracing queue of the municipality and
    /// the little each case needs, never the test results themselves.
    case tracer
    case expert
    case volunteer
    case editor
    case admin
}
