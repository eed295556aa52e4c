import type { DAUsResponse } from '@warren/sdk';
import type { ServerContext } from '../context';
import { countTemplateDailyUsers } from '../db/queries/template-usage';
import { ApiError } from '../http/errors';

/** How far back daily active users are counted. */
const DAUS_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export function parseTzOffset(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -12 || n > 14) {
    throw new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [
      { field: 'tz_offset', detail: 'Must be a whole number of hours from -12 to 14.' },
    ]);
  }
  return n;
}

/** Users per day, from the first day with use to today, days without use counted as 0 (as Coder fills them). */
/** `templateId` undefined counts every template (deployment-wide daily active users). */
export async function templateDAUs(ctx: ServerContext, templateId: string | undefined, offsetHours: number): Promise<DAUsResponse> {
  const now = ctx.clock();
  const rows = await countTemplateDailyUsers(ctx.db, templateId, offsetHours, new Date(now.getTime() - DAUS_WINDOW_DAYS * DAY_MS));
  const entries: DAUsResponse['entries'] = [];
  if (rows.length > 0) {
    const amounts = new Map(rows.map((r) => [r.date, r.amount]));
    const today = new Date(now.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 10);
    for (let day = Date.parse(`${rows[0]!.date}T00:00:00Z`); ; day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (date > today && date > rows[rows.length - 1]!.date) break;
      entries.push({ date, amount: amounts.get(date) ?? 0 });
    }
  }
  return { entries, tz_hour_offset: offsetHours };
}
