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

/** "mar 27 giu 2023, 09:30–13:00": a session's day and hours; both days when it spans two. */
export function formatSession(startIso: string, endIso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatRange(new Date(startIso), new Date(endIso))
}

/** "27 giugno 2023, 18:00" */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))
}

/**
 * "1 dicembre 2026, 19:45", or "oggi, 19:45" when it is today in Rome (today is the
 * catalogue's word): when a message or a notification came, to the minute.
 */
export function formatMoment(iso: string, locale: string, today: string): string {
  const at = new Date(iso)
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
  if (romeDay(iso) === romeDay(new Date().toISOString())) return `${today}, ${time}`
  return `${new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).format(at)}, ${time}`
}

const romeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** The wall clock in Rome at an instant, as the milliseconds of that same clock reading in UTC. */
function romeClock(ms: number): number {
  const p = Object.fromEntries(romeParts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second)
}

/**
 * The instant (UTC ISO) of a Rome wall-clock reading such as a datetime-local input gives
 * ("2026-03-29T10:00"), whatever the browser's own time zone. Rome's offset changes with
 * summer time, so it is taken at the instant itself: a first guess with the offset of the
 * reading read as UTC, then corrected once with the offset at the guess. "" for "".
 */
export function romeLocalToIso(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return ''
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])
  let t = wall - (romeClock(wall) - wall)
  t = wall - (romeClock(t) - t)
  return new Date(t).toISOString()
}

/** The Rome wall-clock reading of an instant, for a datetime-local input. */
export function isoToRomeLocal(iso: string): string {
  return new Date(romeClock(new Date(iso).getTime())).toISOString().slice(0, 16)
}

/** The Rome calendar day of an instant, "2026-12-01". */
export function romeDay(iso: string): string {
  return new Date(romeClock(new Date(iso).getTime())).toISOString().slice(0, 10)
}

/** The instants where a Rome calendar month ("2026-12") starts and the next one does. */
export function romeMonthRange(month: string): { from: string; to: string } {
  const [y, mo] = month.split('-').map(Number)
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
  return { from: romeLocalToIso(`${month}-01T00:00`), to: romeLocalToIso(`${next}-01T00:00`) }
}
