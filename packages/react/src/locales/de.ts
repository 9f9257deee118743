import { WORKER_ERROR_CODES } from '@talk-track/core/client';
import type { TalkTrackMessages } from '../talkTrackMessages.ts';

/**
 * German, shipped to show that every word goes through `messages`:
 * `import { germanMessages } from '@talk-track/react/locales/de'`, then
 * `<TalkTrackProvider messages={germanMessages}>`. Its own entry, so hosts that speak English ship
 * none of it.
 */
export const germanMessages: TalkTrackMessages = {
  locale: 'de',
  bannerGenerating:
    'Sprechtext wird erstellt — das kann 2–5 Minuten dauern. Sie können weiterarbeiten; wir sagen Bescheid, sobald er fertig ist.',
  bannerQueued: 'Wartet auf den Start…',
  bannerWaitingInLine: 'Wartet — {ahead} vor Ihnen',
  bannerReconnecting: 'Verbindung verloren — neuer Versuch…',
  bannerFailed: 'Der Sprechtext konnte nicht erstellt werden.',
  bannerCancelled: 'Die Erstellung des Sprechtexts wurde abgebrochen.',
  cancel: 'Abbrechen',
  retry: 'Erneut versuchen',
  etaAlmostDone: 'Gleich fertig.',
  etaTimeLeft: 'Noch etwa {duration}.',
  etaMinutesSeconds: '{minutes} Min. {seconds} s',
  etaSeconds: '{seconds} s',
  progressLabel: 'Fortschritt des Sprechtexts',
  progressQueued: 'In der Warteschlange',
  progressChunk: 'Abschnitt {chunk} von {total}',
  progressValueText: '{percent}, {chunk}',
  announceQueued: 'Sprechtext in der Warteschlange.',
  announceStarted: 'Erstellung des Sprechtexts begonnen.',
  announcePercent: 'Sprechtext zu {percent} fertig.',
  announceReady: 'Sprechtext fertig.',
  announceFailed: 'Sprechtext fehlgeschlagen.',
  announceCancelled: 'Sprechtext abgebrochen.',
  checkReady: 'Sprechtext fertig',
  checkGenerating: 'Sprechtext wird erstellt',
  checkFailed: 'Sprechtext fehlgeschlagen',
  toastReady: 'Ihr Sprechtext ist fertig',
  toastReadyDescription: 'Alle {slides} Folien haben einen Text.',
  toastOpen: 'Öffnen',
  toastFailed: 'Der Sprechtext konnte nicht erstellt werden',
  jobErrors: {
    [WORKER_ERROR_CODES.llmRateLimited]:
      'Der KI-Dienst war ausgelastet und hat nicht geantwortet. Fertige Folien bleiben erhalten; mit „Erneut versuchen“ geht es weiter.',
    [WORKER_ERROR_CODES.llmUnavailable]:
      'Der KI-Dienst hatte Fehler und hat nicht geantwortet. Fertige Folien bleiben erhalten; mit „Erneut versuchen“ geht es weiter.',
    [WORKER_ERROR_CODES.llmTimeout]:
      'Der KI-Dienst hat zu lange gebraucht. Fertige Folien bleiben erhalten; mit „Erneut versuchen“ geht es weiter.',
    [WORKER_ERROR_CODES.llmInvalidOutput]:
      'Der KI-Dienst hat nicht im erwarteten Format geantwortet. Fertige Folien bleiben erhalten; mit „Erneut versuchen“ geht es weiter.',
    [WORKER_ERROR_CODES.llmTokenLimit]:
      'Dem KI-Dienst ging der Platz für seine Antwort aus; ein Administrator muss das Token-Limit erhöhen. Fertige Folien bleiben erhalten.',
    [WORKER_ERROR_CODES.llmRequestRejected]:
      'Der KI-Dienst hat die Anfrage dieser App abgelehnt; ein Administrator muss die Modell-Einstellungen prüfen. Fertige Folien bleiben erhalten.',
    [WORKER_ERROR_CODES.llmAuth]:
      'Der KI-Dienst hat die Zugangsdaten dieser App abgelehnt; ein Administrator muss den API-Schlüssel prüfen. Fertige Folien bleiben erhalten.',
    [WORKER_ERROR_CODES.internal]:
      'Bei uns ist beim Schreiben des Sprechtexts etwas schiefgegangen. Fertige Folien bleiben erhalten; mit „Erneut versuchen“ geht es weiter.',
  },
};
