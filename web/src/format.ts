// Dates as people in Italy read them: the Europe/Rome calendar, in the interface language.

const timeZone = 'Europe/Rome'

/** "27 giugno 2023" */
export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).format(new Date(iso))
}

/** "27–28 giugno 2023", or one date when both fall on the same day. */
export function formatDateRange(startIso: string, endIso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).formatRange(new Date(startIso), new Date(endIso))
}
