import { z } from 'zod';
import type { SpeedtestResult } from './speedtest';

const interval = z.object({
  start_time_seconds: z.number().nonnegative(),
  end_time_seconds: z.number().nonnegative(),
  throughput_mbits: z.number().nonnegative(),
});

/** Checks a {@link SpeedtestResult} received from an agent. */
export const speedtestResultSchema: z.ZodType<SpeedtestResult> = z.object({ overall: interval, intervals: z.array(interval) });
