// Textes en français (tels qu'on les écrit en Belgique). Same keys as en.ts.
import type { Messages } from './en';

export const fr: Messages = {
  lang: 'fr',
  languageName: 'Français',
  common: {
    skipToContent: 'Aller au contenu',
    privacyPolicy: 'Politique de confidentialité',
    privacyQuestions: 'Des questions sur vos données ?',
    poweredBy: 'Préférences gérées pour',
    invalidLinkTitle: 'Ce lien ne fonctionne pas',
    invalidLinkBody:
      'Le lien est peut-être incomplet ou trop ancien. Ouvrez notre e-mail le plus récent, ou demandez un nouveau lien ci-dessous.',
    requestNewLink: 'Recevoir un nouveau lien',
    backToPreferences: 'Gérer toutes vos préférences e-mail',
    languageSwitch: 'Langue',
    backToWebsite: 'Aller sur le site de {brand}',
    deletedLinkTitle: 'Vos données ont été supprimées',
    deletedLinkBody:
      'Les données liées à ce lien ont été supprimées : il n’y a plus rien à modifier ici. Nous ne conservons plus aucune préférence pour cette adresse.',
  },
  errors: {
    notFoundTitle: 'Page introuvable',
    notFoundBody:
      'Il n’y a pas de page à cette adresse. Le lien est peut-être incomplet : ouvrez-le à nouveau depuis l’e-mail, ou demandez un nouveau lien ci-dessous.',
    methodTitle: 'Cette page ne s’ouvre pas de cette façon',
    methodBody:
      'Cette adresse ne fonctionne qu’avec les boutons de nos pages. Ouvrez à nouveau le lien de votre e-mail, ou demandez un nouveau lien ci-dessous.',
    signUpTitle: 'Nous n’avons pas pu vous inscrire',
    signUpBody:
      'Il manquait quelque chose dans le formulaire d’inscription, ou ce n’était pas accepté : rien n’a été enregistré. Revenez en arrière, vérifiez votre adresse e-mail et les sujets choisis, puis réessayez.',
    badRequestTitle: 'Nous n’avons pas pu lire ceci',
    badRequestBody:
      'Il manquait quelque chose dans le formulaire, ou ce n’était pas ce que nous attendions : rien n’a été modifié. Rechargez la page et réessayez.',
    refusedTitle: 'Nous n’avons pas effectué cette action',
    refusedBody:
      'Cette demande a été refusée : rien n’a été modifié. Ouvrez à nouveau le lien de votre e-mail.',
    rateLimitedTitle: 'Trop de demandes',
    rateLimitedBody:
      'Beaucoup de demandes sont arrivées de votre réseau en peu de temps : rien n’a été modifié. Réessayez dans {minutes} minutes.',
    unavailableTitle: 'Momentanément indisponible',
    unavailableBody:
      'Nous ne pouvons pas afficher ni enregistrer vos préférences pour le moment, et rien n’a été modifié. Réessayez dans quelques minutes.',
    internalTitle: 'Un problème est survenu',
    internalBody: 'Un problème est survenu de notre côté, et rien n’a été modifié. Réessayez plus tard.',
  },
  subscribe: {
    checkInboxTitle: 'Consultez votre boîte de réception',
    checkInboxBody:
      'Si cette adresse peut recevoir nos e-mails, un message avec un lien de confirmation est en route. Vous n’êtes inscrit qu’après avoir appuyé sur Confirmer, sur la page que ce lien ouvre.',
    confirmTitle: 'Confirmez votre inscription',
    confirmFor: 'Vous confirmez ici une inscription pour {email}.',
    confirmAgree: 'Oui, je souhaite recevoir ces e-mails :',
    confirmAnyTime: 'Je peux me désinscrire à tout moment grâce au lien présent dans chaque e-mail.',
    confirmButton: 'Confirmer',
    confirmedTitle: 'Votre inscription est confirmée',
    confirmedBody: 'Merci. Vous recevrez :',
    linkInvalidBody:
      'Le lien est peut-être incomplet ou date de plus de 7 jours. Pour vous inscrire, remplissez à nouveau le formulaire sur notre site.',
    nothingTitle: 'Rien à confirmer',
    nothingBody:
      'Cette inscription n’est plus en attente, par exemple parce que vous vous êtes désinscrit entre-temps. Pour vous inscrire, remplissez à nouveau le formulaire sur notre site.',
    confirmedAnyTime:
      'Vous pouvez vous désabonner à tout moment grâce au lien présent dans chaque e-mail, ou modifier vos choix sur votre page de préférences.',
  },
  preferences: {
    title: 'Vos préférences e-mail',
    intro:
      'Choisissez les e-mails que vous souhaitez recevoir. Cochez un sujet pour le recevoir, décochez-le pour l’arrêter. Rien ne change tant que vous n’avez pas enregistré.',
    addressLabel: 'Adresse e-mail :',
    legend: 'Les e-mails que vous pouvez recevoir',
    noTopics: 'Il n’y a aucun sujet à choisir pour le moment.',
    pending:
      'En attente de votre confirmation : ouvrez l’e-mail que nous vous avons envoyé et confirmez. Décochez pour annuler.',
    unsubscribedAllNote:
      'Vous êtes désinscrit de tous les e-mails de {brand}. Cochez un sujet et enregistrez pour le recevoir à nouveau.',
    save: 'Enregistrer mes choix',
    stopAllHeading: 'Ne plus recevoir aucun e-mail de {brand}',
    stopAllHelp:
      'Vous ne recevrez plus aucun envoi de {brand}, même sur des sujets ajoutés plus tard. Vous pouvez revenir à tout moment en cochant un sujet et en enregistrant.',
    unsubscribeAll: 'Me désinscrire de tout',
    unsubscribeAllWording:
      'Me désinscrire de tout chez {brand} : plus aucun envoi, même sur des sujets ajoutés plus tard.',
    everyBrandHeading: 'Ne plus recevoir d’e-mails d’aucune de nos marques',
    everyBrandHelp:
      '{brand} fait partie de {brands}, gérées par la même entreprise. Ceci arrête les envois de chacune d’elles, même sur des sujets ajoutés plus tard.',
    unsubscribeEveryBrand: 'Me désinscrire de toutes les marques',
    unsubscribeEveryBrandWording:
      'Me désinscrire de tout chez {brands} : plus aucun envoi d’aucune d’elles, même sur des sujets ajoutés plus tard.',
    unsubscribedEveryBrand:
      'Vous êtes désinscrit de tous les e-mails de {brands}. Vous ne recevrez plus aucun envoi d’aucune d’elles.',
    saved: 'Vos choix sont enregistrés.',
    nothingChanged: 'Rien n’a changé : c’étaient déjà vos choix.',
    unsubscribedAll:
      'Vous êtes désinscrit de tous les e-mails de {brand}. Vous ne recevrez plus aucun envoi de {brand}.',
    formExpired:
      'Cette page est restée ouverte longtemps, nous n’avons donc rien enregistré. Elle vient d’être rechargée : refaites vos choix et enregistrez.',
    yourDataHeading: 'Vos données',
    yourDataBody:
      'Vous pouvez télécharger tout ce que nous conservons à votre sujet, ou le faire supprimer. Pour faire corriger quelque chose, contactez-nous.',
    refusedTitle: 'Rien n’a été enregistré',
    refusedBody:
      'Ce formulaire a été envoyé depuis un autre site : nous l’avons ignoré et rien n’a changé. Ouvrez le lien de votre e-mail pour gérer vos préférences.',
    staleTitle: 'Rien n’a été enregistré',
    staleBody:
      'Cette page n’est plus à jour, nous n’avons donc rien modifié. Rechargez la page et réessayez.',
    reload: 'Recharger la page',
    nowReceive: 'Vous recevrez désormais : {topics}.',
    noLongerReceive: 'Vous ne recevrez plus : {topics}.',
    basisHeading: 'Pourquoi nous pouvons vous les envoyer',
    customerTag: 'E-mail client',
  },
  yourData: {
    downloadButton: 'Télécharger mes données',
    downloadHelp: 'Un fichier (JSON) avec votre adresse, vos choix et l’historique de chaque modification.',
    deleteButton: 'Supprimer mes données',
    deleteHelp: 'Nous vous demanderons d’abord de confirmer.',
    confirmTitle: 'Supprimer vos données ?',
    confirmIntro: 'Nous supprimerons tout ce que nous conservons sur {email} :',
    confirmWhatContact: 'votre adresse e-mail et votre langue,',
    confirmWhatChoices: 'votre choix pour chaque type d’e-mail,',
    confirmWhatTrail: 'et l’historique de quand et comment vous avez fait ces choix.',
    confirmKept:
      'Une seule chose reste : un code irréversible tiré de votre adresse (pas l’adresse elle-même), sur notre liste d’adresses à ne plus contacter. Ainsi, nous ne vous écrirons plus jamais, même si votre adresse réapparaît plus tard dans une liste que nous importons.',
    confirmReceipt: 'Nous envoyons un dernier e-mail à cette adresse pour confirmer la suppression.',
    confirmFinal: 'Cette action est définitive.',
    confirmButton: 'Oui, supprimer mes données',
    cancel: 'Non, garder mes données',
    deletedTitle: 'Vos données sont supprimées',
    deletedBody:
      'Nous avons supprimé vos données et envoyé une confirmation à {email}. Ce lien ne fonctionne plus.',
    deletedNoReceipt: 'Nous avons supprimé vos données. Ce lien ne fonctionne plus.',
    deletedKept:
      'Votre adresse ne figure plus sur notre liste d’adresses à ne pas contacter que sous la forme d’un code irréversible : vous ne recevrez donc plus d’e-mails de notre part.',
    expired:
      'Cette page est restée ouverte longtemps, nous n’avons donc rien supprimé. Si vous voulez toujours supprimer vos données, appuyez à nouveau sur le bouton.',
    failedTitle: 'Rien n’a été supprimé',
    failedBody:
      'Nous n’avons pas pu envoyer l’e-mail de confirmation, nous n’avons donc rien supprimé. Réessayez dans quelques minutes.',
  },
  requestLink: {
    title: 'Recevoir un lien vers vos préférences e-mail',
    intro:
      'Indiquez votre adresse e-mail et nous vous enverrons un lien vers vos préférences. Ce lien vous permet de les modifier sans mot de passe.',
    emailLabel: 'Adresse e-mail',
    submit: 'M’envoyer un lien',
    sent: 'Si nous connaissons cette adresse, nous venons d’y envoyer un lien. Consultez votre boîte de réception, et vos courriers indésirables aussi.',
    invalidEmail: 'Indiquez une adresse e-mail valable, par exemple nom@exemple.be.',
    mailSubject: 'Votre lien pour gérer vos préférences e-mail',
    mailGreeting: 'Bonjour,',
    mailBody: 'Vous avez demandé un lien pour choisir les e-mails que vous recevez de notre part. Le voici :',
    mailAction: 'Gérer mes préférences e-mail',
    mailIgnore: 'Vous n’avez rien demandé ? Ignorez simplement cet e-mail : rien ne change.',
  },
  basis: {
    consent: 'Envoyé uniquement aux personnes qui l’ont accepté.',
    legitimate_interest: 'Envoyé à nos clients, sauf s’ils s’y opposent.',
  },
  unsubscribe: {
    title: 'Vous désinscrire de {topic} ?',
    titleAll: 'Vous désinscrire de tous les e-mails de {brand} ?',
    intro: 'Vous ne recevrez plus {topic} à cette adresse.',
    introAll:
      'Vous ne recevrez plus aucun envoi de {brand} à cette adresse, y compris ceux qui seront lancés plus tard.',
    button: 'Me désinscrire',
    buttonAll: 'Me désinscrire de tout',
    alreadyDone: 'Vous êtes déjà désinscrit de {topic}.',
    alreadyDoneAll: 'Vous êtes déjà désinscrit de tous les e-mails de {brand}.',
    doneTitle: 'Vous êtes désinscrit',
    done: 'Nous avons désabonné {email} de {topic}. Vous ne recevrez plus d’e-mails {topic}.',
    doneAll:
      'Nous avons désabonné {email} de tous les envois de {brand}, y compris ceux que nous lancerons plus tard.',
    undoQuestion: 'Vous avez cliqué par erreur ?',
    undoButton: 'Me réinscrire',
    undoWording: 'Je souhaite à nouveau recevoir {topic}.',
    undoneTitle: 'Vous êtes à nouveau inscrit',
    undone: 'Vous recevrez à nouveau {topic}.',
    undoneNothing:
      'Il n’y avait rien à rétablir. Vous pouvez choisir ce que vous recevez sur votre page de préférences.',
    undoExpired:
      'Cette page est restée ouverte longtemps, nous n’avons donc rien modifié. Vous pouvez choisir ce que vous recevez sur votre page de préférences.',
    listSeparator: ', ',
    addressLine: 'Cela concerne {email}.',
    orAllHeading: 'Ou tout arrêter',
    orAllHelp:
      'Arrêter tous nos envois à cette adresse, y compris pour les sujets que nous ajouterons plus tard.',
  },
  mail: {
    footer: 'Vous recevez cet e-mail de la part de {brand}.',
    confirmSubject: 'Confirmez votre inscription chez {brand}',
    confirmGreeting: 'Bonjour,',
    confirmAsked: 'Quelqu’un, vous sans doute, a demandé à recevoir ces e-mails de {brand} :',
    confirmAction: 'Pour confirmer, ouvrez le lien ci-dessous et appuyez sur le bouton Confirmer :',
    confirmButton: 'Confirmer mon inscription',
    confirmValidity: 'Le lien est valable 7 jours.',
    confirmIgnore:
      'Vous n’avez rien demandé ? Ignorez simplement cet e-mail : vous ne serez pas inscrit et nous ne vous recontacterons pas à ce sujet.',
    erasureSubject: 'Vos données personnelles ont été supprimées',
    erasureGreeting: 'Bonjour,',
    erasureDeleted:
      'Comme vous l’avez demandé, {brand} a supprimé les données personnelles liées à cette adresse e-mail : vos coordonnées, vos choix d’envois et l’historique de ces choix.',
    erasureKept:
      'Nous gardons une seule chose : un code irréversible tiré de cette adresse (pas l’adresse elle-même), pour ne plus jamais vous écrire, même si l’adresse réapparaît plus tard dans une liste que nous importons.',
    erasureLast: 'C’est le dernier e-mail que vous recevrez de notre part à cette adresse.',
    erasureQuestions: 'Des questions ? Écrivez à {contact}.',
  },
  leave: {
    legend: 'Voulez-vous nous dire pourquoi ? (facultatif)',
    too_many: 'Je reçois trop d’e-mails',
    not_relevant: 'Ces e-mails ne me concernent pas',
    never_signed_up: 'Je ne me suis jamais inscrit(e) à ces e-mails',
    other: 'Une autre raison',
    submit: 'Envoyer ma réponse',
    thanksTitle: 'Merci',
    thanks: 'Merci de nous l’avoir dit. Nous conservons votre réponse avec votre désabonnement.',
    answered: 'Nous avons déjà votre réponse pour ce désabonnement ; nous l’avons gardée telle quelle.',
    none: 'Nous n’avons trouvé aucun désabonnement auquel joindre votre réponse ; rien n’a été enregistré.',
    missing: 'Choisissez d’abord une réponse, ou fermez simplement cette page : répondre est facultatif.',
  },
  pause: {
    heading: 'Plutôt faire une pause ?',
    help: 'Mettez tous nos envois en pause pendant un temps au lieu de vous désabonner. Vos choix restent tels quels, et les e-mails reprennent d’eux-mêmes à la fin de la pause.',
    legend: 'Mettre tous les e-mails en pause pendant',
    months1: '1 mois',
    months3: '3 mois',
    months6: '6 mois',
    button: 'Mettre mes e-mails en pause',
    wording: 'Mettre tous les e-mails en pause jusqu’au {date}.',
    pausedTitle: 'Vos e-mails sont en pause',
    pausedUntil:
      'Vous ne recevrez aucun e-mail de notre part jusqu’au {date}. Ensuite, vos e-mails reprendront d’eux-mêmes, selon vos choix.',
    activeNote: 'Vos e-mails sont en pause jusqu’au {date}.',
    resumeButton: 'Reprendre mes e-mails maintenant',
    resumedTitle: 'Vos e-mails reprennent',
    resumed: 'La pause est terminée : vous recevez à nouveau les e-mails que vous avez choisis.',
    notPaused: 'Vos e-mails n’étaient pas en pause ; rien n’a changé.',
    chooseLength: 'Choisissez la durée de la pause, puis appuyez à nouveau sur le bouton.',
  },
};
