/// Every text a page can show. Each catalogue must hold every key; a test checks that.
public enum MessageKey: String, CaseIterable, Sendable {
    case skipToContent
    case languageSwitcherLabel
    case mainNavigationLabel
    case navHome
    case frontTitle
    case frontLead
    case servicesHeading
    case servicePandemicTitle
    case servicePandemicBody
    case serviceArrivalTitle
    case serviceArrivalBody
    case serviceYouthTitle
    case serviceYouthBody
    case comingSoon
    case registerHeading
    case registerPeople
    case registerMunicipalities
    case registerOrganisations
    case registerSyntheticNote
    case footerAbout
    case footerOpenAPI
    case notFoundTitle
    case notFoundBody
    case errorTitle
    case errorBody
    case backToFrontPage
    case loginTitle
    case loginTestIDLead
    case loginLoggingInTo
    case loginChoosePerson
    case loginContinueAs
    case loginTypeNumber
    case loginNumberLabel
    case loginSubmit
    case loginUnknownNumber
    case loginInvalidNumber
    case loginTooMany
    case formExpired
    case loginRequestInvalid
    case loggedOutTitle
    case loggedOutBody
    case navMyPage
    case myPageTitle
    case myPageGreeting
    case myPageDataUseLink
    case logoutButton
    case dataUseTitle
    case dataUseLead
    case dataUseEmpty
    case dataUseWho
    case dataUseWhat
    case dataUseWhy
    case dataUseLaw
    case dataUseWhen
    case actionPersonRead
    case actionAddressesRead
    case actionFamilyRead
    case actionContactRead
    case actionHprRead
    case actionOther
    case eidHeading
    case eidNumberLabel
    case eidPasswordLabel
    case eidCodeLabel
    case eidInvalid
    case eidLocked
    case eidLevelTooLow
    case eidActivateLink
    case enrolTitle
    case enrolLead
    case enrolActivationLabel
    case enrolContinue
    case enrolActivationInvalid
    case enrolPasswordHeading
    case enrolPasswordHint
    case enrolPasswordRepeatLabel
    case passwordTooShort
    case passwordTooLong
    case passwordMismatch
    case passwordCommon
    case passwordContainsNumber
    case enrolAuthenticatorHeading
    case enrolAuthenticatorLead
    case enrolKeyLabel
    case enrolLinkLabel
    case enrolCodeInvalid
    case enrolExpired
    case enrolDoneTitle
    case enrolDoneBody
    case myContactTitle
    case contactEmailLabel
    case contactMobileLabel
    case contactReservedLabel
    case saveButton
    case savedNotice
    case myAddressTitle
    case addressStreetLabel
    case addressPostcodeLabel
    case addressMunicipalityLabel
    case addressFromLabel
    case myConsentsTitle
    case mailboxTitle
    case mailboxLead
    case mailboxEmpty
    case mailboxUnread
    case mailboxFrom
    case mailboxReceived
    case mailboxBack
    case mailboxUnreadCount
    case mailboxAttachments
    case mailboxAttachmentsHint
    case templatesTitle
    case templatesLead
    case templatesEmpty
    case templatesNew
    case templatesBack
    case templateVersion
    case templateChannels
    case templateWarnings
    case templateIDLabel
    case templateIDHint
    case templateNameLabel
    case templateFieldsHint
    case templateSubjectLabel
    case templateBodyLabel
    case templateSaveButton
    case templateSavedVersion
    case channelMailbox
    case channelSMS
    case channelEmail
    case channelLetter
    case readabilityHeading
    case readabilityLead
    case readabilityVariant
    case readabilityScore
    case readabilityAssessment
    case readabilityVeryEasy
    case readabilityPlain
    case readabilityHard
    case readabilityWarned
    case readabilityLongestSentences
    case readabilityLongestWords
    case templateErrorTitle
    case templateErrorID
    case templateErrorIDTaken
    case templateErrorName
    case templateErrorNoChannel
    case templateErrorSubjectMissing
    case templateErrorSubjectTooLong
    case templateErrorUnclosed
    case templateErrorFieldName
    case templateErrorEmpty
    case templateErrorTooLong
    case templateErrorSMS
    case templateErrorPlaceholders
    case templateErrorMissingLanguage
    case templateErrorBusy
    case staffEditorMissing
    case consentsLead
    case consentsEmpty
    case consentGrantHeading
    case consentPurposeLabel
    case consentOrganisationLabel
    case consentGrantButton
    case consentWithdrawButton
    case consentLive
    case consentWithdrawnState
    case refusedStreet
    case refusedPostcode
    case refusedMunicipality
    case refusedDate
    case refusedDateNotAfter
    case refusedEmail
    case refusedMobile
    case refusedConsent
    case verifyTitle
    case verifyLead
    case verifyLabel
    case verifyButton
    case verifyEmpty
    case verifyValid
    case verifyInvalid
    case verifyHolder
    case verifyBorn
    case verifyKind
    case verifyKindTest
    case verifyKindVaccination
    case verifyKindRecovery
    case verifyIdentifier
    case verifyExpires
    case verifyRules
    case verifyRulePassed
    case verifyRuleFailed
    case verifyReasonMalformed
    case verifyReasonUnknownSigner
    case verifyReasonBadSignature
    case verifyReasonNotAllowed
    case verifyReasonExpired
    case verifyReasonNotYetValid
    case verifyReasonInvalidContent
    case verifyReasonRevoked
    case verifyReasonRules
    case verifyTrustList
    case certificatesTitle
    case certificatesLead
    case certificatesAvailable
    case certificatesNoneAvailable
    case certificatesGet
    case certificatesIssued
    case certificatesNoneIssued
    case certificatesShow
    case certificatesRecordDate
    case certificatesIssuedOn
    case certificatesStatus
    case certificatesStatusValid
    case certificatesStatusExpired
    case certificatesStatusRevoked
    case certificatesRevokedNotice
    case certificatesExpiredNotice
    case certificatesQRLabel
    case certificatesWhatItSays
    case certificatesPDF
    case certificatesPNG
    case certificatesHC1
    case certificatesPDFFooter
    case certificatesGone
    case certificatesRefused
    case certificatesBack
    case actionCertificateIssue
    case actionCertificateRevoke
    // booking (Catalogue+Booking.swift)
    case bookingTitle
    case bookingLead
    case bookingMunicipality
    case bookingShowStations
    case bookingNoStations
    case bookingChooseTime
    case bookingDays
    case bookingNoSlots
    case bookingFull
    case bookingPlacesLeft
    case bookingSlotsLegend
    case bookingBook
    case bookingChange
    case bookingMoveHere
    case bookingCancel
    case bookingCancelQuestion
    case bookingCancelKeep
    case bookingMine
    case bookingNone
    case bookingUpcoming
    case bookingEarlier
    case bookingWhen
    case bookingWhere
    case bookingStatus
    case bookingStatusBooked
    case bookingStatusCancelled
    case bookingStatusPast
    case bookingConfirmed
    case bookingChanged
    case bookingCancelled
    case bookingShow
    case bookingBack
    case bookingHaveOne
    case bookingRefusedFull
    case bookingRefusedTooLate
    case bookingRefusedTooFar
    case bookingRefusedAlready
    case bookingRefusedNoSlot
    case bookingRefusedNotActive
    case bookingPickTime
}

/// Looks up texts in the message catalogues.
public enum Catalogue {
    /// The text for `key` in `language`, falling back to Bokmål if a catalogue lacks it.
    public static func text(_ key: MessageKey, in language: Language) -> String {
        messages(for: language)[key] ?? Merged.nb[key] ?? key.rawValue
    }

    /// The whole catalogue for `language`.
    public static func messages(for language: Language) -> [MessageKey: String] {
        switch language {
        case .nb: Merged.nb
        case .nn: Merged.nn
        case .en: Merged.en
        case .uk: Merged.uk
        }
    }

    /// Each language's catalogue with the blocks' own catalogues merged in, built once.
    enum Merged {
        static let nb = Bokmaal.messages.merging(BookingMessages.nb) { first, _ in first }
        static let nn = Nynorsk.messages.merging(BookingMessages.nn) { first, _ in first }
        static let en = English.messages.merging(BookingMessages.en) { first, _ in first }
        static let uk = Ukrainian.messages.merging(BookingMessages.uk) { first, _ in first }
    }
}
