import FluentKit

/// Every migration, in order. Numbered folders hold them; a landed migration is never edited.
public enum TverrMigrations {
    /// The migrations, oldest first.
    public static let all: [any Migration] = [
        CreateMunicipalities(),
        CreateOrganisations(),
        CreatePersons(),
        CreateAddresses(),
        CreateFamilyRelations(),
        CreateContactDetails(),
        SeedReferenceData(),
        CreateAuditLog(),
        CreateAuditCheckpoints(),
        CreateIdentity(),
        CreateExchange(),
        CreatePortalSessions(),
        CreateAuditWithholdings(),
        CreateEventSubscriptions(),
        CreateNotifyTemplates(),
        CreateNotifyMessages(),
        CreateNotifyStatusFeed(),
        CreateNotifyAttachments(),
        IndexNotifyWork(),
        CreateCredentialSigners(),
        CreateHealthRecords(),
        TuneNotifyDeliveries(),
        CreateBooking(),
        CreateResultIntake(),
        CreateEntryRegistrations(),
        CreateArrivalJourney(),
        AddDecisionLetters(),
        CreateSettlement(),
        IndexJourneyEvents(),
        CreateAgencyNetwork(),
        CreateYouthArticles(),
        AddYouthAgencies(),
        CreateYouthQuestions(),
        AddYouthPanel(),
    ]
}
