/** Words for the parental lock's times, shared by the options page, the popup's banner and the unlock prompt. */
export type Translate = (key: string, args?: string[]) => string;

/** How long until something, rounded up to what a person reads: "2 d 3 h", "47 h 12 min", "5 min", "30 s". */
export function durationText(ms: number, tr: Translate): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return tr('lockDurationSeconds', [String(seconds)]);
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return tr('lockDurationMinutes', [String(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return tr('lockDurationHoursMinutes', [String(hours), String(minutes % 60)]);
  return tr('lockDurationDaysHours', [String(Math.floor(hours / 24)), String(hours % 24)]);
}
