// Deutsche Texte (Sie-Form, wie in Ostbelgien üblich). Same keys as en.ts.
import type { Messages } from './en';

export const de: Messages = {
  lang: 'de',
  languageName: 'Deutsch',
  common: {
    skipToContent: 'Zum Inhalt',
    privacyPolicy: 'Datenschutzerklärung',
    privacyQuestions: 'Fragen zu Ihren Daten?',
    poweredBy: 'Einstellungen verwaltet für',
    invalidLinkTitle: 'Dieser Link funktioniert nicht',
    invalidLinkBody:
      'Der Link ist vielleicht unvollständig oder zu alt. Öffnen Sie unsere neueste E-Mail oder fordern Sie unten einen neuen Link an.',
    requestNewLink: 'Neuen Link anfordern',
    backToPreferences: 'Alle E-Mail-Einstellungen verwalten',
    languageSwitch: 'Sprache',
    backToWebsite: 'Zur Website von {brand}',
    deletedLinkTitle: 'Ihre Daten wurden gelöscht',
    deletedLinkBody:
      'Die Daten, zu denen dieser Link gehörte, wurden gelöscht. Hier gibt es daher nichts mehr zu ändern. Für diese Adresse speichern wir keine Einstellungen mehr.',
  },
  errors: {
    notFoundTitle: 'Seite nicht gefunden',
    notFoundBody:
      'Unter dieser Adresse gibt es keine Seite. Vielleicht ist der Link unvollständig: Öffnen Sie ihn noch einmal aus der E-Mail oder fordern Sie unten einen neuen Link an.',
    methodTitle: 'Diese Seite lässt sich so nicht öffnen',
    methodBody:
      'Diese Adresse funktioniert nur mit den Schaltflächen auf unseren Seiten. Öffnen Sie den Link in Ihrer E-Mail noch einmal oder fordern Sie unten einen neuen Link an.',
    signUpTitle: 'Wir konnten Sie nicht anmelden',
    signUpBody:
      'Im Anmeldeformular fehlte etwas oder es wurde nicht angenommen, deshalb wurde nichts gespeichert. Gehen Sie zurück, prüfen Sie Ihre E-Mail-Adresse und die gewählten Themen und versuchen Sie es erneut.',
    badRequestTitle: 'Das konnten wir nicht lesen',
    badRequestBody:
      'Im Formular fehlte etwas oder es war nicht wie erwartet, deshalb hat sich nichts geändert. Laden Sie die Seite neu und versuchen Sie es noch einmal.',
    refusedTitle: 'Das haben wir nicht ausgeführt',
    refusedBody:
      'Diese Anfrage wurde abgelehnt, es hat sich nichts geändert. Öffnen Sie den Link in Ihrer E-Mail noch einmal.',
    rateLimitedTitle: 'Zu viele Anfragen',
    rateLimitedBody:
      'Aus Ihrem Netzwerk kamen in kurzer Zeit viele Anfragen, deshalb hat sich nichts geändert. Bitte versuchen Sie es in {minutes} Minuten noch einmal.',
    unavailableTitle: 'Vorübergehend nicht erreichbar',
    unavailableBody:
      'Wir können Ihre E-Mail-Einstellungen gerade weder anzeigen noch speichern, und es hat sich nichts geändert. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
    internalTitle: 'Etwas ist schiefgelaufen',
    internalBody:
      'Bei uns ist etwas schiefgelaufen, und es hat sich nichts geändert. Bitte versuchen Sie es später noch einmal.',
  },
  subscribe: {
    checkInboxTitle: 'Sehen Sie in Ihrem Posteingang nach',
    checkInboxBody:
      'Wenn diese Adresse E-Mails von uns empfangen kann, ist eine Nachricht mit einem Bestätigungslink unterwegs. Angemeldet sind Sie erst, wenn Sie auf der Seite, die dieser Link öffnet, auf Bestätigen drücken.',
    confirmTitle: 'Bestätigen Sie Ihre Anmeldung',
    confirmFor: 'Hiermit bestätigen Sie eine Anmeldung für {email}.',
    confirmAgree: 'Ja, ich möchte diese E-Mails erhalten:',
    confirmAnyTime: 'Ich kann mich jederzeit über den Link in jeder E-Mail abmelden.',
    confirmButton: 'Bestätigen',
    confirmedTitle: 'Sie sind angemeldet',
    confirmedBody: 'Vielen Dank. Sie erhalten:',
    linkInvalidBody:
      'Der Link ist vielleicht unvollständig oder älter als 7 Tage. Um sich anzumelden, melden Sie sich bitte noch einmal auf unserer Website an.',
    nothingTitle: 'Nichts zu bestätigen',
    nothingBody:
      'Diese Anmeldung ist nicht mehr offen, zum Beispiel weil Sie sich inzwischen abgemeldet haben. Um sich anzumelden, melden Sie sich bitte noch einmal auf unserer Website an.',
    confirmedAnyTime:
      'Sie können sich jederzeit über den Link in jeder E-Mail abmelden oder Ihre Auswahl auf Ihrer Einstellungsseite ändern.',
  },
  preferences: {
    title: 'Ihre E-Mail-Einstellungen',
    intro:
      'Wählen Sie, welche E-Mails Sie von uns erhalten möchten. Setzen Sie einen Haken, um ein Thema zu erhalten, entfernen Sie ihn, um es abzubestellen. Es ändert sich nichts, bis Sie speichern.',
    addressLabel: 'E-Mail-Adresse:',
    legend: 'E-Mails, die Sie von uns erhalten können',
    noTopics: 'Im Moment gibt es keine Themen zur Auswahl.',
    pending:
      'Wartet auf Ihre Bestätigung: Öffnen Sie die E-Mail, die wir Ihnen geschickt haben, und bestätigen Sie. Entfernen Sie den Haken, um abzubrechen.',
    unsubscribedAllNote:
      'Sie haben alle E-Mails von {brand} abbestellt. Setzen Sie bei einem Thema einen Haken und speichern Sie, um es wieder zu erhalten.',
    save: 'Meine Auswahl speichern',
    stopAllHeading: 'Keine E-Mails mehr von {brand}',
    stopAllHelp:
      'Sie erhalten dann keine Mailings mehr von {brand}, auch nicht zu Themen, die später dazukommen. Sie können jederzeit zurückkommen, indem Sie bei einem Thema einen Haken setzen und speichern.',
    unsubscribeAll: 'Alles abbestellen',
    unsubscribeAllWording:
      'Alles von {brand} abbestellen: keine Mailings mehr, auch nicht zu Themen, die später dazukommen.',
    everyBrandHeading: 'Keine E-Mails mehr von all unseren Marken',
    everyBrandHelp:
      '{brand} gehört zu {brands}, die alle vom selben Unternehmen betrieben werden. Damit beenden Sie die Mailings jeder dieser Marken, auch zu Themen, die später dazukommen.',
    unsubscribeEveryBrand: 'Bei allen Marken abbestellen',
    unsubscribeEveryBrandWording:
      'Alles von {brands} abbestellen: von keiner dieser Marken mehr Mailings, auch nicht zu Themen, die später dazukommen.',
    unsubscribedEveryBrand:
      'Sie haben alle E-Mails von {brands} abbestellt. Sie erhalten von keiner dieser Marken mehr Mailings.',
    saved: 'Ihre Auswahl ist gespeichert.',
    nothingChanged: 'Es hat sich nichts geändert: Das war bereits Ihre Auswahl.',
    unsubscribedAll:
      'Sie haben alle E-Mails von {brand} abbestellt. Sie erhalten keine Mailings mehr von {brand}.',
    formExpired:
      'Diese Seite war lange geöffnet, deshalb haben wir nichts gespeichert. Sie wurde jetzt neu geladen: Bitte treffen Sie Ihre Auswahl noch einmal und speichern Sie.',
    yourDataHeading: 'Ihre Daten',
    yourDataBody:
      'Sie können alles herunterladen, was wir über Sie speichern, oder es löschen lassen. Wenn etwas berichtigt werden soll, wenden Sie sich an uns.',
    refusedTitle: 'Das wurde nicht gespeichert',
    refusedBody:
      'Dieses Formular kam von einer anderen Website. Wir haben es deshalb ignoriert und nichts geändert. Öffnen Sie den Link in Ihrer E-Mail, um Ihre Einstellungen zu verwalten.',
    staleTitle: 'Das wurde nicht gespeichert',
    staleBody:
      'Diese Seite ist nicht mehr aktuell, deshalb haben wir nichts geändert. Laden Sie die Seite neu und versuchen Sie es noch einmal.',
    reload: 'Seite neu laden',
    nowReceive: 'Sie erhalten ab jetzt: {topics}.',
    noLongerReceive: 'Sie erhalten nicht mehr: {topics}.',
    basisHeading: 'Warum wir Ihnen diese senden dürfen',
    customerTag: 'Kundenmail',
  },
  yourData: {
    downloadButton: 'Meine Daten herunterladen',
    downloadHelp: 'Eine Datei (JSON) mit Ihrer Adresse, Ihrer Auswahl und dem Verlauf jeder Änderung daran.',
    deleteButton: 'Meine Daten löschen',
    deleteHelp: 'Wir bitten Sie zuerst um eine Bestätigung.',
    confirmTitle: 'Ihre Daten löschen?',
    confirmIntro: 'Damit löschen wir alles, was wir über {email} speichern:',
    confirmWhatContact: 'Ihre E-Mail-Adresse und Sprache,',
    confirmWhatChoices: 'Ihre Auswahl für jede Art von E-Mail,',
    confirmWhatTrail: 'und den Verlauf, wann und wie Sie diese Auswahl getroffen haben.',
    confirmKept:
      'Eines bleibt: ein nicht umkehrbarer Code, der aus Ihrer Adresse gebildet wird (nicht die Adresse selbst), auf unserer Liste der Adressen, die wir nicht anschreiben. So schreiben wir Ihnen nie wieder, auch nicht, wenn Ihre Adresse später in einer Liste auftaucht, die wir importieren.',
    confirmReceipt: 'Wir schicken noch eine letzte E-Mail an diese Adresse, um die Löschung zu bestätigen.',
    confirmFinal: 'Das lässt sich nicht rückgängig machen.',
    confirmButton: 'Ja, meine Daten löschen',
    cancel: 'Nein, meine Daten behalten',
    deletedTitle: 'Ihre Daten sind gelöscht',
    deletedBody:
      'Wir haben Ihre Daten gelöscht und eine Bestätigung an {email} geschickt. Dieser Link funktioniert nicht mehr.',
    deletedNoReceipt: 'Wir haben Ihre Daten gelöscht. Dieser Link funktioniert nicht mehr.',
    deletedKept:
      'Ihre Adresse steht nur noch als nicht umkehrbarer Code auf unserer Liste der Adressen, die wir nicht anschreiben. Sie erhalten also keine E-Mails mehr von uns.',
    expired:
      'Diese Seite war lange geöffnet, deshalb haben wir nichts gelöscht. Wenn Sie Ihre Daten weiterhin löschen lassen möchten, drücken Sie die Schaltfläche noch einmal.',
    failedTitle: 'Es wurde nichts gelöscht',
    failedBody:
      'Wir konnten die Bestätigungs-E-Mail nicht senden, deshalb haben wir nichts gelöscht. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
  },
  requestLink: {
    title: 'Einen Link zu Ihren E-Mail-Einstellungen anfordern',
    intro:
      'Geben Sie Ihre E-Mail-Adresse ein, und wir schicken Ihnen einen Link zu Ihren Einstellungen. Mit diesem Link ändern Sie sie ohne Passwort.',
    emailLabel: 'E-Mail-Adresse',
    submit: 'Link zuschicken',
    sent: 'Wenn wir diese Adresse kennen, haben wir gerade einen Link dorthin geschickt. Sehen Sie in Ihrem Posteingang nach, auch im Spam-Ordner.',
    invalidEmail: 'Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.be.',
    mailSubject: 'Ihr Link zu Ihren E-Mail-Einstellungen',
    mailGreeting: 'Guten Tag,',
    mailBody:
      'Sie haben einen Link angefordert, um zu wählen, welche E-Mails Sie von uns erhalten. Hier ist er:',
    mailAction: 'Meine E-Mail-Einstellungen verwalten',
    mailIgnore:
      'Sie haben das nicht angefordert? Dann ignorieren Sie diese E-Mail einfach; es ändert sich nichts.',
  },
  basis: {
    consent: 'Nur für Personen, die dem zugestimmt haben.',
    legitimate_interest: 'Das senden wir Kundinnen und Kunden, sofern sie nicht widersprechen.',
  },
  unsubscribe: {
    title: '{topic} abbestellen?',
    titleAll: 'Alle E-Mails von {brand} abbestellen?',
    intro: 'Sie erhalten {topic} dann nicht mehr an diese Adresse.',
    introAll:
      'Sie erhalten dann keine Mailings von {brand} mehr an diese Adresse, auch keine neuen, die später beginnen.',
    button: 'Abbestellen',
    buttonAll: 'Alles abbestellen',
    alreadyDone: 'Sie haben {topic} bereits abbestellt.',
    alreadyDoneAll: 'Sie haben bereits alle E-Mails von {brand} abbestellt.',
    doneTitle: 'Sie sind abgemeldet',
    done: 'Wir haben {email} von {topic} abgemeldet. Sie erhalten keine E-Mails zu {topic} mehr.',
    doneAll:
      'Wir haben {email} von allen Mailings von {brand} abgemeldet, auch von denen, die wir später beginnen.',
    undoQuestion: 'Aus Versehen geklickt?',
    undoButton: 'Wieder anmelden',
    undoWording: 'Ich möchte {topic} wieder erhalten.',
    undoneTitle: 'Sie sind wieder angemeldet',
    undone: 'Sie erhalten {topic} wieder.',
    undoneNothing:
      'Es gab nichts wiederherzustellen. Auf Ihrer Einstellungsseite wählen Sie selbst, was Sie erhalten.',
    undoExpired:
      'Diese Seite war lange geöffnet, deshalb haben wir nichts geändert. Auf Ihrer Einstellungsseite wählen Sie selbst, was Sie erhalten.',
    listSeparator: ', ',
    addressLine: 'Dies betrifft {email}.',
    orAllHeading: 'Oder alles beenden',
    orAllHelp: 'Alle unsere Mailings an diese Adresse beenden, auch zu Themen, die wir später hinzufügen.',
  },
  mail: {
    footer: 'Sie erhalten diese E-Mail von {brand}.',
    confirmSubject: 'Bitte bestätigen Sie Ihre Anmeldung bei {brand}',
    confirmGreeting: 'Guten Tag,',
    confirmAsked: 'Jemand, hoffentlich Sie, möchte diese E-Mails von {brand} erhalten:',
    confirmAction: 'Zum Bestätigen öffnen Sie den Link unten und drücken auf die Schaltfläche Bestätigen:',
    confirmButton: 'Meine Anmeldung bestätigen',
    confirmValidity: 'Der Link ist 7 Tage gültig.',
    confirmIgnore:
      'Sie haben das nicht angefordert? Dann ignorieren Sie diese E-Mail einfach. Sie werden nicht angemeldet und hören von uns dazu nichts mehr.',
    erasureSubject: 'Ihre personenbezogenen Daten wurden gelöscht',
    erasureGreeting: 'Guten Tag,',
    erasureDeleted:
      'Wie von Ihnen gewünscht, hat {brand} die personenbezogenen Daten zu dieser E-Mail-Adresse gelöscht: Ihre Angaben, Ihre Auswahl für unsere Mailings und den Verlauf dieser Auswahl.',
    erasureKept:
      'Eines behalten wir: einen nicht umkehrbaren Code, der aus dieser Adresse gebildet wird (nicht die Adresse selbst), damit wir Ihnen nie wieder schreiben, auch nicht, wenn die Adresse später in einer Liste auftaucht, die wir importieren.',
    erasureLast: 'Dies ist die letzte E-Mail, die Sie von uns an diese Adresse erhalten.',
    erasureQuestions: 'Fragen? Schreiben Sie an {contact}.',
  },
  leave: {
    legend: 'Möchten Sie uns sagen, warum? (freiwillig)',
    too_many: 'Ich bekomme zu viele E-Mails',
    not_relevant: 'Die E-Mails sind für mich nicht relevant',
    never_signed_up: 'Ich habe mich nie für diese E-Mails angemeldet',
    other: 'Ein anderer Grund',
    submit: 'Antwort senden',
    thanksTitle: 'Vielen Dank',
    thanks: 'Danke, dass Sie es uns sagen. Wir bewahren Ihre Antwort zusammen mit Ihrer Abmeldung auf.',
    answered: 'Zu dieser Abmeldung haben wir bereits Ihre Antwort; sie bleibt, wie sie war.',
    none: 'Wir haben keine Abmeldung gefunden, zu der Ihre Antwort gehört; es wurde nichts gespeichert.',
    missing:
      'Wählen Sie zuerst eine Antwort, oder schließen Sie diese Seite einfach: Die Antwort ist freiwillig.',
  },
  pause: {
    heading: 'Lieber eine Pause?',
    help: 'Pausieren Sie alle unsere E-Mails für eine Weile, statt sich abzumelden. Ihre Auswahl bleibt, wie sie ist, und nach der Pause kommen die E-Mails von selbst wieder.',
    legend: 'Alle E-Mails pausieren für',
    months1: '1 Monat',
    months3: '3 Monate',
    months6: '6 Monate',
    button: 'Meine E-Mails pausieren',
    wording: 'Alle E-Mails bis zum {date} pausieren.',
    pausedTitle: 'Ihre E-Mails sind pausiert',
    pausedUntil:
      'Bis zum {date} erhalten Sie keine E-Mails von uns. Danach kommen Ihre E-Mails von selbst wieder, so wie Sie sie gewählt haben.',
    activeNote: 'Ihre E-Mails sind bis zum {date} pausiert.',
    resumeButton: 'Meine E-Mails jetzt fortsetzen',
    resumedTitle: 'Ihre E-Mails sind wieder aktiv',
    resumed: 'Die Pause ist beendet: Ab jetzt erhalten Sie wieder die E-Mails, die Sie gewählt haben.',
    notPaused: 'Ihre E-Mails waren nicht pausiert; es hat sich nichts geändert.',
    chooseLength:
      'Wählen Sie, wie lange die Pause dauern soll, und drücken Sie dann erneut auf die Schaltfläche.',
  },
};
