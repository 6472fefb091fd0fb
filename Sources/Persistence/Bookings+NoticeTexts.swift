/// The notices the booking block sends through the notify block, in nb, nn, en and uk: the
/// confirmation, the change, the cancellation and the reminder. The mailbox, the letter and the
/// e-mail carry the whole text; the SMS a short one. `((tid))` is the day and time, `((sted))` the
/// station with its address.
enum BookingNoticeTexts {
    /// The template for each notice, by the notice's name.
    static let templates: [String: TemplateRequest] = [
        "booked": TemplateRequest(name: "Timebestilling: bekreftelse", variants: [
            TemplateRequest.variants("nb", subject: "Timen din er bestilt", body: "Du har time ((tid)) hos ((sted)). Ta med legitimasjon. Du kan endre eller avbestille timen på Min side.", sms: "Timen din er bestilt: ((tid)), ((sted)). Endre eller avbestill på Min side."),
            TemplateRequest.variants("nn", subject: "Timen din er bestilt", body: "Du har time ((tid)) hos ((sted)). Ta med legitimasjon. Du kan endre eller avbestille timen på Mi side.", sms: "Timen din er bestilt: ((tid)), ((sted)). Endre eller avbestill på Mi side."),
            TemplateRequest.variants("en", subject: "Your appointment is booked", body: "You have an appointment ((tid)) at ((sted)). Bring ID. You can change or cancel it on My page.", sms: "Your appointment is booked: ((tid)), ((sted)). Change or cancel on My page."),
            TemplateRequest.variants("uk", subject: "Ваш запис підтверджено", body: "Ваш запис: ((tid)), ((sted)). Візьміть із собою документ, що посвідчує особу. Змінити або скасувати запис можна на «Моїй сторінці».", sms: "Ваш запис: ((tid)), ((sted)). Змінити або скасувати можна на «Моїй сторінці»."),
        ].flatMap { $0 }),
        "changed": TemplateRequest(name: "Timebestilling: flyttet", variants: [
            TemplateRequest.variants("nb", subject: "Timen din er flyttet", body: "Timen din er flyttet til ((tid)) hos ((sted)). Du kan endre eller avbestille timen på Min side.", sms: "Timen din er flyttet til ((tid)), ((sted))."),
            TemplateRequest.variants("nn", subject: "Timen din er flytta", body: "Timen din er flytta til ((tid)) hos ((sted)). Du kan endre eller avbestille timen på Mi side.", sms: "Timen din er flytta til ((tid)), ((sted))."),
            TemplateRequest.variants("en", subject: "Your appointment has been moved", body: "Your appointment has been moved to ((tid)) at ((sted)). You can change or cancel it on My page.", sms: "Your appointment has been moved to ((tid)), ((sted))."),
            TemplateRequest.variants("uk", subject: "Ваш запис перенесено", body: "Ваш запис перенесено на ((tid)), ((sted)). Змінити або скасувати запис можна на «Моїй сторінці».", sms: "Ваш запис перенесено на ((tid)), ((sted))."),
        ].flatMap { $0 }),
        "cancelled": TemplateRequest(name: "Timebestilling: avbestilt", variants: [
            TemplateRequest.variants("nb", subject: "Timen din er avbestilt", body: "Timen din ((tid)) hos ((sted)) er avbestilt. Du kan bestille en ny time på Min side.", sms: "Timen din ((tid)) hos ((sted)) er avbestilt."),
            TemplateRequest.variants("nn", subject: "Timen din er avbestilt", body: "Timen din ((tid)) hos ((sted)) er avbestilt. Du kan bestille ein ny time på Mi side.", sms: "Timen din ((tid)) hos ((sted)) er avbestilt."),
            TemplateRequest.variants("en", subject: "Your appointment has been cancelled", body: "Your appointment ((tid)) at ((sted)) has been cancelled. You can book a new one on My page.", sms: "Your appointment ((tid)) at ((sted)) has been cancelled."),
            TemplateRequest.variants("uk", subject: "Ваш запис скасовано", body: "Ваш запис ((tid)), ((sted)) скасовано. Новий запис можна зробити на «Моїй сторінці».", sms: "Ваш запис ((tid)), ((sted)) скасовано."),
        ].flatMap { $0 }),
        "reminder": TemplateRequest(name: "Timebestilling: påminnelse", variants: [
            TemplateRequest.variants("nb", subject: "Påminnelse om time", body: "Husk timen din ((tid)) hos ((sted)). Kan du ikke komme, så avbestill timen på Min side.", sms: "Påminnelse: time ((tid)), ((sted))."),
            TemplateRequest.variants("nn", subject: "Påminning om time", body: "Hugs timen din ((tid)) hos ((sted)). Kan du ikkje kome, så avbestill timen på Mi side.", sms: "Påminning: time ((tid)), ((sted))."),
            TemplateRequest.variants("en", subject: "Appointment reminder", body: "Remember your appointment ((tid)) at ((sted)). If you cannot come, cancel it on My page.", sms: "Reminder: appointment ((tid)), ((sted))."),
            TemplateRequest.variants("uk", subject: "Нагадування про запис", body: "Нагадуємо про ваш запис: ((tid)), ((sted)). Якщо не можете прийти, скасуйте запис на «Моїй сторінці».", sms: "Нагадування: запис ((tid)), ((sted))."),
        ].flatMap { $0 }),
    ]
}

extension TemplateRequest {
    /// The same text for the mailbox, the letter and the e-mail, and the short one for the SMS.
    static func variants(_ language: String, subject: String, body: String, sms: String) -> [TemplateRequest.Variant] {
        ["mailbox", "letter", "email"].map { TemplateRequest.Variant(channel: $0, language: language, subject: subject, body: body) }
            + [TemplateRequest.Variant(channel: "sms", language: language, body: sms)]
    }
}
