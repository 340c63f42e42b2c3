// Nederlandse teksten. Same keys as en.ts.
import type { Messages } from './en';

export const nl: Messages = {
  lang: 'nl',
  languageName: 'Nederlands',
  common: {
    skipToContent: 'Naar de inhoud',
    privacyPolicy: 'Privacyverklaring',
    privacyQuestions: 'Vragen over uw gegevens?',
    poweredBy: 'Voorkeuren beheerd voor',
    invalidLinkTitle: 'Deze link werkt niet',
    invalidLinkBody:
      'De link is misschien onvolledig of te oud. Open de meest recente e-mail van ons, of vraag hieronder een nieuwe link aan.',
    deletedLinkTitle: 'Uw gegevens zijn verwijderd',
    deletedLinkBody:
      'De gegevens waar deze link bij hoorde zijn verwijderd, dus hier valt niets meer te veranderen. We bewaren geen voorkeuren meer voor dit adres.',
    requestNewLink: 'Nieuwe link aanvragen',
    backToPreferences: 'Al uw e-mailvoorkeuren beheren',
    languageSwitch: 'Taal',
    backToWebsite: 'Naar de website van {brand}',
  },
  errors: {
    notFoundTitle: 'Pagina niet gevonden',
    notFoundBody:
      'Op dit adres staat geen pagina. De link is misschien onvolledig: open hem opnieuw vanuit de e-mail, of vraag hieronder een nieuwe link aan.',
    methodTitle: 'Deze pagina kan zo niet worden geopend',
    methodBody:
      'Dit adres werkt alleen met de knoppen op onze pagina’s. Open de link in uw e-mail opnieuw, of vraag hieronder een nieuwe link aan.',
    signUpTitle: 'We konden u niet inschrijven',
    signUpBody:
      'Er ontbrak iets in het inschrijfformulier of het werd niet aanvaard, daarom is er niets opgeslagen. Ga terug, controleer uw e-mailadres en de gekozen onderwerpen, en probeer het opnieuw.',
    badRequestTitle: 'We konden dit niet lezen',
    badRequestBody:
      'Er ontbrak iets in het formulier of het was niet wat we verwachtten, daarom is er niets veranderd. Laad de pagina opnieuw en probeer het nog eens.',
    refusedTitle: 'We hebben dit niet gedaan',
    refusedBody: 'Dit verzoek is geweigerd, er is niets veranderd. Open de link in uw e-mail opnieuw.',
    rateLimitedTitle: 'Te veel aanvragen',
    rateLimitedBody:
      'Vanaf uw netwerk kwamen in korte tijd veel aanvragen, daarom is er niets veranderd. Probeer het over {minutes} minuten opnieuw.',
    unavailableTitle: 'Tijdelijk niet beschikbaar',
    unavailableBody:
      'We kunnen uw e-mailvoorkeuren nu niet tonen of opslaan, en er is niets veranderd. Probeer het over een paar minuten opnieuw.',
    internalTitle: 'Er ging iets mis',
    internalBody: 'Er ging aan onze kant iets mis, en er is niets veranderd. Probeer het later opnieuw.',
  },
  subscribe: {
    checkInboxTitle: 'Kijk in uw inbox',
    checkInboxBody:
      'Als dit adres e-mail van ons kan ontvangen, is er een bericht met een bevestigingslink onderweg. U bent pas aangemeld nadat u op Bevestigen drukt op de pagina die die link opent.',
    confirmTitle: 'Bevestig uw aanmelding',
    confirmFor: 'Hiermee bevestigt u een aanmelding voor {email}.',
    confirmAgree: 'Ja, ik wil deze e-mails ontvangen:',
    confirmAnyTime: 'Ik kan me altijd afmelden via de link in elke e-mail.',
    confirmButton: 'Bevestigen',
    confirmedTitle: 'U bent aangemeld',
    confirmedAnyTime:
      'U kunt zich altijd afmelden met de link in elke e-mail, of uw keuzes aanpassen op uw voorkeurenpagina.',
    confirmedBody: 'Dank u. U ontvangt:',
    linkInvalidBody:
      'De link is misschien onvolledig of ouder dan 7 dagen. Meld u opnieuw aan op onze website om e-mails te ontvangen.',
    nothingTitle: 'Niets te bevestigen',
    nothingBody:
      'Deze aanmelding staat niet meer open, bijvoorbeeld omdat u zich intussen hebt afgemeld. Meld u opnieuw aan op onze website om e-mails te ontvangen.',
  },
  preferences: {
    title: 'Uw e-mailvoorkeuren',
    intro:
      'Kies welke e-mails u van ons wilt ontvangen. Vink een onderwerp aan om het te ontvangen, vink het uit om te stoppen. Er verandert niets tot u opslaat.',
    addressLabel: 'E-mailadres:',
    legend: 'E-mails die u van ons kunt ontvangen',
    noTopics: 'Er zijn op dit moment geen onderwerpen om uit te kiezen.',
    pending:
      'Wacht op uw bevestiging: open de e-mail die we u stuurden en bevestig. Vink uit om te annuleren.',
    unsubscribedAllNote:
      'U bent voor alle e-mails van {brand} afgemeld. Vink een onderwerp aan en sla op om het weer te ontvangen.',
    save: 'Mijn keuzes opslaan',
    stopAllHeading: 'Alle e-mail van {brand} stoppen',
    stopAllHelp:
      'U ontvangt dan geen mailings meer van {brand}, ook niet over onderwerpen die later worden toegevoegd. U kunt altijd terugkomen door een onderwerp aan te vinken en op te slaan.',
    unsubscribeAll: 'Afmelden voor alles',
    unsubscribeAllWording:
      'Afmelden voor alles van {brand}: geen mailings meer, ook niet over onderwerpen die later worden toegevoegd.',
    everyBrandHeading: 'E-mail van al onze merken stoppen',
    everyBrandHelp:
      '{brand} hoort bij {brands}, die door hetzelfde bedrijf worden gerund. Hiermee stopt u de mailings van elk van hen, ook over onderwerpen die later worden toegevoegd.',
    unsubscribeEveryBrand: 'Afmelden bij alle merken',
    unsubscribeEveryBrandWording:
      'Afmelden voor alles van {brands}: van geen van hen nog mailings, ook niet over onderwerpen die later worden toegevoegd.',
    unsubscribedEveryBrand:
      'U bent afgemeld voor alle e-mails van {brands}. U ontvangt van geen van hen nog mailings.',
    saved: 'Uw keuzes zijn opgeslagen.',
    nowReceive: 'U ontvangt nu: {topics}.',
    noLongerReceive: 'U ontvangt niet meer: {topics}.',
    basisHeading: 'Waarom we deze mogen sturen',
    customerTag: 'Klantenmail',
    nothingChanged: 'Er is niets veranderd: dit waren al uw keuzes.',
    unsubscribedAll:
      'U bent afgemeld voor alle e-mails van {brand}. U ontvangt geen mailings meer van {brand}.',
    formExpired:
      'Deze pagina stond lang open, daarom hebben we niets opgeslagen. Hij is nu opnieuw geladen: maak uw keuzes opnieuw en sla op.',
    yourDataHeading: 'Uw gegevens',
    yourDataBody:
      'U kunt alles downloaden wat we over u bewaren, of het laten verwijderen. Wilt u iets laten corrigeren, neem dan contact met ons op.',
    refusedTitle: 'Dit is niet opgeslagen',
    refusedBody:
      'Dit formulier kwam van een andere website. We hebben het daarom genegeerd en niets veranderd. Open de link in uw e-mail om uw voorkeuren te beheren.',
    staleTitle: 'Dit is niet opgeslagen',
    staleBody:
      'Deze pagina is verouderd, daarom hebben we niets veranderd. Laad de pagina opnieuw en probeer het nog eens.',
    reload: 'Pagina opnieuw laden',
  },
  yourData: {
    downloadButton: 'Mijn gegevens downloaden',
    downloadHelp: 'Een bestand (JSON) met uw adres, uw keuzes en het overzicht van elke wijziging daarin.',
    deleteButton: 'Mijn gegevens verwijderen',
    deleteHelp: 'We vragen u eerst om te bevestigen.',
    confirmTitle: 'Uw gegevens verwijderen?',
    confirmIntro: 'Hiermee verwijderen we alles wat we over {email} bewaren:',
    confirmWhatContact: 'uw e-mailadres en taal,',
    confirmWhatChoices: 'uw keuze voor elk soort e-mail,',
    confirmWhatTrail: 'en het overzicht van wanneer en hoe u die keuzes maakte.',
    confirmKept:
      'Eén ding blijft: een onomkeerbare code die van uw adres is afgeleid (niet het adres zelf), op onze lijst van adressen die we niet mailen. Zo mailen we u nooit meer, ook niet als uw adres later opduikt in een lijst die we importeren.',
    confirmReceipt: 'We sturen nog één laatste e-mail naar dit adres om de verwijdering te bevestigen.',
    confirmFinal: 'Dit kunt u niet ongedaan maken.',
    confirmButton: 'Ja, verwijder mijn gegevens',
    cancel: 'Nee, mijn gegevens bewaren',
    deletedTitle: 'Uw gegevens zijn verwijderd',
    deletedBody:
      'We hebben uw gegevens verwijderd en een bevestiging gestuurd naar {email}. Deze link werkt niet meer.',
    deletedNoReceipt: 'We hebben uw gegevens verwijderd. Deze link werkt niet meer.',
    deletedKept:
      'Uw adres staat alleen nog als onomkeerbare code op onze lijst van adressen die we niet mailen, zodat u geen e-mail meer van ons krijgt.',
    expired:
      'Deze pagina stond lang open, daarom hebben we niets verwijderd. Wilt u uw gegevens nog steeds laten verwijderen, druk dan opnieuw op de knop.',
    failedTitle: 'Er is niets verwijderd',
    failedBody:
      'We konden de bevestigingsmail niet versturen, daarom hebben we niets verwijderd. Probeer het over een paar minuten opnieuw.',
  },
  requestLink: {
    title: 'Een link naar uw e-mailvoorkeuren aanvragen',
    intro:
      'Vul uw e-mailadres in en we sturen u een link naar uw voorkeuren. Met die link wijzigt u ze zonder wachtwoord.',
    emailLabel: 'E-mailadres',
    submit: 'Stuur mij een link',
    sent: 'Als we dit adres kennen, hebben we er zojuist een link naartoe gestuurd. Kijk in uw inbox, en ook bij de spam.',
    invalidEmail: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
    mailSubject: 'Uw link om uw e-mailvoorkeuren te beheren',
    mailGreeting: 'Hallo,',
    mailBody: 'U vroeg om een link om te kiezen welke e-mails u van ons ontvangt. Open hem hier:',
    mailAction: 'Mijn e-mailvoorkeuren beheren',
    mailIgnore: 'Heeft u dit niet aangevraagd? Dan kunt u deze e-mail negeren; er verandert niets.',
  },
  basis: {
    consent: 'Alleen voor wie er ja op heeft gezegd.',
    legitimate_interest: 'Dit sturen we aan klanten, tenzij zij zich afmelden.',
  },
  unsubscribe: {
    title: 'Afmelden voor {topic}?',
    titleAll: 'Afmelden voor alle e-mails van {brand}?',
    intro: 'U ontvangt {topic} dan niet meer op dit adres.',
    introAll:
      'U ontvangt dan geen enkele mailing meer van {brand} op dit adres, ook geen nieuwe die later beginnen.',
    button: 'Afmelden',
    buttonAll: 'Afmelden voor alles',
    alreadyDone: 'U bent al afgemeld voor {topic}.',
    alreadyDoneAll: 'U bent al afgemeld voor alle e-mails van {brand}.',
    doneTitle: 'U bent afgemeld',
    done: 'We hebben {email} afgemeld voor {topic}. U krijgt geen e-mails over {topic} meer.',
    doneAll:
      'We hebben {email} afgemeld voor alle mailings van {brand}, ook voor mailings die we later beginnen.',
    addressLine: 'Dit gaat over {email}.',
    orAllHeading: 'Of stop met alles',
    orAllHelp: 'Stop al onze mailings naar dit adres, ook over onderwerpen die we later toevoegen.',
    undoQuestion: 'Per ongeluk geklikt?',
    undoButton: 'Weer aanmelden',
    undoWording: 'Ik wil {topic} weer ontvangen.',
    undoneTitle: 'U bent weer aangemeld',
    undone: 'U ontvangt {topic} weer.',
    undoneNothing: 'Er was niets om terug te zetten. Op uw voorkeurenpagina kiest u zelf wat u ontvangt.',
    undoExpired:
      'Deze pagina stond lang open, dus we hebben niets veranderd. Op uw voorkeurenpagina kiest u zelf wat u ontvangt.',
    listSeparator: ', ',
  },
  leave: {
    legend: 'Wilt u ons vertellen waarom? (niet verplicht)',
    too_many: 'Ik krijg te veel e-mails',
    not_relevant: 'De e-mails zijn niet relevant voor mij',
    never_signed_up: 'Ik heb me nooit aangemeld voor deze e-mails',
    other: 'Een andere reden',
    submit: 'Mijn antwoord versturen',
    thanksTitle: 'Dank u wel',
    thanks: 'Bedankt dat u het ons laat weten. We bewaren uw antwoord bij uw afmelding.',
    answered: 'We hebben al een antwoord bij deze afmelding, dus dat blijft zoals het was.',
    none: 'We vonden geen afmelding om uw antwoord bij te bewaren, dus er is niets opgeslagen.',
    missing: 'Kies eerst een van de antwoorden, of sluit deze pagina gewoon: antwoorden is niet verplicht.',
  },
  pause: {
    heading: 'Liever even pauze?',
    help: 'Zet al onze mail een tijdje stil in plaats van u af te melden. Uw keuzes blijven zoals ze zijn, en na de pauze komt de mail vanzelf weer.',
    legend: 'Alle mail pauzeren voor',
    months1: '1 maand',
    months3: '3 maanden',
    months6: '6 maanden',
    button: 'Mijn mail pauzeren',
    wording: 'Alle mail pauzeren tot {date}.',
    pausedTitle: 'Uw mail is gepauzeerd',
    pausedUntil:
      'U krijgt tot {date} geen mail van ons. Daarna komt uw mail vanzelf weer, zoals u die gekozen hebt.',
    activeNote: 'Uw mail is gepauzeerd tot {date}.',
    resumeButton: 'Mijn mail nu hervatten',
    resumedTitle: 'Uw mail staat weer aan',
    resumed: 'De pauze is voorbij: vanaf nu ontvangt u weer de e-mails die u gekozen hebt.',
    notPaused: 'Uw mail was niet gepauzeerd, dus er is niets veranderd.',
    chooseLength: 'Kies hoe lang u wilt pauzeren en druk dan opnieuw op de knop.',
  },
  mail: {
    footer: 'U ontvangt deze e-mail van {brand}.',
    confirmSubject: 'Bevestig uw aanmelding bij {brand}',
    confirmGreeting: 'Hallo,',
    confirmAsked: 'Iemand, hopelijk u, wil deze e-mails van {brand} ontvangen:',
    confirmAction: 'Open de link hieronder en druk op de knop Bevestigen om dit te bevestigen:',
    confirmButton: 'Mijn aanmelding bevestigen',
    confirmValidity: 'De link werkt 7 dagen.',
    confirmIgnore:
      'Niet aangevraagd? Negeer deze e-mail dan. U wordt niet aangemeld en hoort hier niets meer over.',
    erasureSubject: 'Uw persoonsgegevens zijn verwijderd',
    erasureGreeting: 'Hallo,',
    erasureDeleted:
      'Zoals u vroeg, heeft {brand} de persoonsgegevens verwijderd die het over dit e-mailadres bewaarde: uw gegevens, uw keuzes voor onze mailings en het overzicht van die keuzes.',
    erasureKept:
      'Eén ding bewaren we: een onomkeerbare code die van dit adres is afgeleid (niet het adres zelf), zodat we u nooit meer mailen, ook niet als het adres later opduikt in een lijst die we importeren.',
    erasureLast: 'Dit is de laatste e-mail die u van ons op dit adres ontvangt.',
    erasureQuestions: 'Vragen? Mail naar {contact}.',
  },
};
