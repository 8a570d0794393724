/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as recurring
 * broadcasts store them and `app/broadcasts/recurrence.ts` reads them: `*`, lists, ranges, steps,
 * month names JAN–DEC and day names SUN–SAT, 0 and 7 both Sunday. A test checks this against the
 * app's parser so the Studio never accepts a rule the jobs refuse.
 */

const NUMBER_OR_NAME = '(?:\\d{1,2}|[A-Za-z]{3})'
const RANGE = `(?:\\*|${NUMBER_OR_NAME}(?:-${NUMBER_OR_NAME})?)`
const ITEM = `${RANGE}(?:/\\d{1,2})?`
/** One field: a comma-separated list of `*`, `n`, `a-b`, each with an optional `/step`. */
export const CRON_FIELD_PATTERN = new RegExp(`^${ITEM}(?:,${ITEM})*$`)

/** Five fields separated by spaces; {@link isFiveFieldCron} also checks each field's range. */
export const CRON_PATTERN = /^\S+ \S+ \S+ \S+ \S+$/

export const CRON_MESSAGE =
  'Use five cron fields: minute hour day-of-month month day-of-week, e.g. "0 10 * * 1" for Mondays at 10:00'

interface FieldSpec {
  min: number
  max: number
  names?: readonly string[]
  nameBase?: number
}

const FIELDS: readonly FieldSpec[] = [
  {min: 0, max: 59},
  {min: 0, max: 23},
  {min: 1, max: 31},
  {min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], nameBase: 1},
  {min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], nameBase: 0},
]

function valueOf(token: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1
  if (named >= 0) return named + (spec.nameBase ?? spec.min)
  return /^\d+$/.test(token) ? Number(token) : Number.NaN
}

function isValidField(text: string, spec: FieldSpec): boolean {
  if (!CRON_FIELD_PATTERN.test(text)) return false
  return text.split(',').every((item) => {
    const [range = '', step] = item.split('/')
    if (step !== undefined && Number(step) < 1) return false
    if (range === '*') return true
    const bounds = range.split('-').map((token) => valueOf(token, spec))
    if (bounds.some((value) => !(value >= spec.min && value <= spec.max))) return false
    return bounds.length === 1 || (bounds[0] ?? 0) <= (bounds[1] ?? 0)
  })
}

/** True for a five-field cron expression whose every value is in its field's range. */
export function isFiveFieldCron(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const trimmed = value.trim().replace(/\s+/g, ' ')
  if (!CRON_PATTERN.test(trimmed)) return false
  const fields = trimmed.split(' ')
  return FIELDS.every((spec, index) => isValidField(fields[index] ?? '', spec))
}
