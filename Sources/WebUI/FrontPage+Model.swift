/// What the front page shows: aggregate register counts, never personal data.
public struct FrontPageModel: Sendable, Equatable {
    public var people: Int
    public var municipalities: Int
    public var organisations: Int

    /// Creates the model.
    public init(people: Int, municipalities: Int, organisations: Int) {
        self.people = people
        self.municipalities = municipalities
        self.organisations = organisations
    }
}
