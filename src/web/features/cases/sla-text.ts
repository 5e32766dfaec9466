/** "2 h 10 min", "45 min", "3 d 4 h": minutes as people read a countdown, the same in en, de and fr. */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(totalMinutes)));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** "Tue 09:40 CET": a due time as the calendar's zone reads it, so partner and support mean the same instant. */
export function formatDueMoment(locale: string, at: string | Date, timeZone: string | null): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: timeZone ?? undefined,
    timeZoneName: 'short',
  }).format(new Date(at));
}
