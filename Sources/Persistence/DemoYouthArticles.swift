import Foundation
import Identifiers
import Youth

/// Demo articles for the youth front door, each in nb, nn, en and uk, written for Tverr (plain
/// language, short paragraphs). Seeded by `tverr serve` into an empty article table.
public enum DemoYouthArticles {
    /// slug, topic, ages, reviewed (days ago), and per language: title, lead, body.
    static let articles: [(slug: String, topic: YouthTopic, ages: ClosedRange<Int>, reviewedDaysAgo: Int, texts: [YouthLanguage: (String, String, String)])] = [
        ("bullying", .school, 13...18, 40, [
            .nb: ("Mobbing på skolen", "Blir du mobbet, har du rett til hjelp. Skolen må gjøre noe.",
                  "Mobbing er når noen gjentatte ganger plager, utestenger eller truer deg. Det kan skje i skolegården, i klasserommet eller på nett.\n\nSi fra til en voksen du stoler på, for eksempel en lærer, helsesykepleieren eller foreldrene dine. Skolen har plikt til å sette inn tiltak innen kort tid.\n\nHjelper ikke skolen, kan du kontakte mobbeombudet i fylket ditt. Det er gratis."),
            .nn: ("Mobbing på skulen", "Blir du mobba, har du rett på hjelp. Skulen må gjere noko.",
                  "Mobbing er når nokon fleire gonger plagar, stengjer deg ute eller trugar deg. Det kan skje i skulegarden, i klasserommet eller på nett.\n\nSei frå til ein vaksen du stolar på, til dømes ein lærar, helsesjukepleiaren eller foreldra dine. Skulen har plikt til å setje inn tiltak innan kort tid.\n\nHjelper ikkje skulen, kan du kontakte mobbeombodet i fylket ditt. Det er gratis."),
            .en: ("Bullying at school", "If you are bullied, you have the right to help. The school must act.",
                  "Bullying is when someone again and again hurts, leaves out or threatens you. It can happen in the schoolyard, in class or online.\n\nTell an adult you trust, such as a teacher, the school nurse or your parents. The school has a duty to act quickly.\n\nIf the school does not help, you can contact the anti-bullying ombudsperson in your county. It is free."),
            .uk: ("Булінг у школі", "Якщо вас цькують, ви маєте право на допомогу. Школа мусить діяти.",
                  "Булінг — це коли хтось знову і знову ображає вас, не приймає до гурту або погрожує. Це може статися на шкільному подвір'ї, у класі чи в інтернеті.\n\nСкажіть дорослому, якому довіряєте: вчителю, шкільній медсестрі або батькам. Школа зобов'язана швидко вжити заходів.\n\nЯкщо школа не допомагає, зверніться до омбудсмена з питань булінгу у вашому фюльке. Це безкоштовно."),
        ]),
        ("feeling-low", .mind, 13...20, 120, [
            .nb: ("Når du er lei deg lenge", "Alle er lei seg av og til. Varer det lenge, er det lurt å snakke med noen.",
                  "Det er vanlig å være trist etter noe vondt, som et brudd eller en krangel. Men hvis du er lei deg nesten hver dag i flere uker, bør du be om hjelp.\n\nDu kan snakke med helsesykepleieren på skolen eller på helsestasjon for ungdom. Det koster ingenting, og de har taushetsplikt.\n\nTenker du på å skade deg selv, ring 113 eller Mental Helse Hjelpetelefonen på 116 123."),
            .nn: ("Når du er lei deg lenge", "Alle er lei seg av og til. Varer det lenge, er det lurt å snakke med nokon.",
                  "Det er vanleg å vere trist etter noko vondt, som eit brot eller ei krangel. Men om du er lei deg nesten kvar dag i fleire veker, bør du be om hjelp.\n\nDu kan snakke med helsesjukepleiaren på skulen eller på helsestasjon for ungdom. Det kostar ingenting, og dei har teieplikt.\n\nTenkjer du på å skade deg sjølv, ring 113 eller Mental Helse Hjelpetelefonen på 116 123."),
            .en: ("When you feel down for a long time", "Everyone feels sad sometimes. If it lasts, it helps to talk to someone.",
                  "It is normal to be sad after something painful, like a break-up or a fight. But if you feel down almost every day for weeks, ask for help.\n\nYou can talk to the school nurse or to the youth health clinic. It is free, and they must keep what you say to themselves.\n\nIf you think about hurting yourself, call 113 or the Mental Health helpline on 116 123."),
            .uk: ("Коли вам довго сумно", "Усім буває сумно. Якщо це триває довго, варто з кимось поговорити.",
                  "Сумувати після чогось болісного, наприклад розриву чи сварки, — нормально. Але якщо вам погано майже щодня кілька тижнів, попросіть про допомогу.\n\nПоговоріть зі шкільною медсестрою або в молодіжній клініці. Це безкоштовно, і вони зберігають таємницю.\n\nЯкщо ви думаєте про те, щоб собі зашкодити, телефонуйте 113 або на лінію допомоги 116 123."),
        ]),
        ("first-job", .work, 15...20, 500, [
            .nb: ("Din første jobb", "Fra du er 15 kan du ha en deltidsjobb. Du har rett til skriftlig kontrakt.",
                  "Ungdom under 18 kan jobbe litt ved siden av skolen, men ikke om natta og ikke for mange timer i uka.\n\nDu skal alltid få en skriftlig arbeidsavtale, og lønnen skal betales til avtalt tid. Husk skattekort fra Skatteetaten.\n\nLurer du på noe, kan du spørre Arbeidstilsynet. Det er gratis å ringe."),
            .nn: ("Den første jobben din", "Frå du er 15 kan du ha ein deltidsjobb. Du har rett på skriftleg kontrakt.",
                  "Ungdom under 18 kan jobbe litt ved sida av skulen, men ikkje om natta og ikkje for mange timar i veka.\n\nDu skal alltid få ein skriftleg arbeidsavtale, og løna skal betalast til avtalt tid. Hugs skattekort frå Skatteetaten.\n\nLurer du på noko, kan du spørje Arbeidstilsynet. Det er gratis å ringje."),
            .en: ("Your first job", "From 15 you can have a part-time job. You have the right to a written contract.",
                  "Young people under 18 can work a little next to school, but not at night and not too many hours a week.\n\nYou must always get a written contract, and your pay must come on the agreed day. Remember a tax card from the Tax Administration.\n\nIf you wonder about anything, ask the Labour Inspection Authority. Calling is free."),
            .uk: ("Ваша перша робота", "З 15 років можна працювати неповний день. Ви маєте право на письмовий договір.",
                  "Молодь до 18 років може трохи працювати поруч із навчанням, але не вночі і не надто багато годин на тиждень.\n\nВи завжди маєте отримати письмовий трудовий договір, а зарплату мають виплачувати вчасно. Не забудьте податкову картку від податкової служби.\n\nЯкщо маєте питання, зверніться до інспекції праці. Дзвінок безкоштовний."),
        ]),
        ("doctor-without-parents", .rights, 16...20, 10, [
            .nb: ("Til legen uten foreldre", "Fra du er 16 bestemmer du selv over helsen din. Legen har taushetsplikt.",
                  "Når du er 16 år, kan du selv samtykke til helsehjelp. Du kan bestille time og gå til legen uten at foreldrene dine får vite det.\n\nHelsestasjon for ungdom er gratis og tar imot uten timebestilling. Du kan også bestille en videokonsultasjon her på Tverr.\n\nEr du under 16, får foreldrene vanligvis vite om helsehjelpen, men ikke alltid. Spør helsepersonellet."),
            .nn: ("Til legen utan foreldre", "Frå du er 16 bestemmer du sjølv over helsa di. Legen har teieplikt.",
                  "Når du er 16 år, kan du sjølv samtykkje til helsehjelp. Du kan bestille time og gå til legen utan at foreldra dine får vite det.\n\nHelsestasjon for ungdom er gratis og tek imot utan timebestilling. Du kan også bestille ein videokonsultasjon her på Tverr.\n\nEr du under 16, får foreldra vanlegvis vite om helsehjelpa, men ikkje alltid. Spør helsepersonellet."),
            .en: ("Seeing a doctor without your parents", "From 16 you decide about your own health. The doctor must keep it confidential.",
                  "When you are 16, you can consent to health care yourself. You can book and see a doctor without your parents knowing.\n\nThe youth health clinic is free and takes drop-in visits. You can also book a video consultation here on Tverr.\n\nIf you are under 16, your parents are usually told about the care, but not always. Ask the health worker."),
            .uk: ("До лікаря без батьків", "З 16 років ви самі вирішуєте щодо свого здоров'я. Лікар зберігає таємницю.",
                  "З 16 років ви можете самі погоджуватися на медичну допомогу. Ви можете записатися й піти до лікаря так, що батьки про це не дізнаються.\n\nМолодіжна клініка безкоштовна і приймає без запису. Також тут, на Tverr, можна записатися на відеоконсультацію.\n\nЯкщо вам менше 16, батькам зазвичай повідомляють про допомогу, але не завжди. Запитайте медика."),
        ]),
    ]

    /// The editor the demo articles are saved by.
    static let editor = "staff:demo/youth-editor"

    /// Saves the demo articles if there are none yet; returns how many language versions were saved.
    @discardableResult
    public static func seed(store: Store, today: CalendarDate) async throws -> Int {
        guard try await store.sql.raw("SELECT 1 AS found FROM youth_articles").first() == nil else { return 0 }
        let articles = YouthArticles(store: store)
        var saved = 0
        for article in drafts() {
            try await articles.save(article.draft, by: editor, reviewedOn: today.adding(days: -article.daysAgo))
            saved += 1
        }
        return saved
    }

    /// Every demo language version as a checked draft.
    static func drafts() -> [(draft: ArticleDraft, daysAgo: Int)] {
        articles.flatMap { article in
            YouthLanguage.allCases.compactMap { language -> (ArticleDraft, Int)? in
                guard let (title, lead, body) = article.texts[language] else { return nil }
                let draft = try! ArticleDraft.check(slug: article.slug, language: language.rawValue, topic: article.topic.rawValue,
                                                    minimumAge: String(article.ages.lowerBound), maximumAge: String(article.ages.upperBound),
                                                    title: title, lead: lead, body: body)
                return (draft, article.reviewedDaysAgo)
            }
        }
    }
}
