import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExternalAuthDevice } from '@warren/sdk/external-auth';
import { useEffect, useState } from 'react';
import { client } from '../../api/client';
import { deviceExchangeWaiting, externalAuthDevice, externalAuthKeys } from '../../api/queries/externalAuth';

/** RFC 8628: after `slow_down`, wait five seconds longer between tries. */
const SLOW_DOWN_MS = 5000;

export interface DeviceLogin {
  device?: ExternalAuthDevice;
  /** Starting the flow failed, or the provider refused the code for good. */
  error?: unknown;
  expired: boolean;
  /** Asks for a new code and starts over. */
  restart: () => void;
}

/**
 * The device flow (RFC 8628) while `enabled`: gets a code for the user to enter at the provider,
 * then trades it at the interval the provider asked for until the user has entered it; the
 * provider's status query is then refreshed, so the page sees the link.
 */
export function useDeviceLogin(provider: string, enabled: boolean): DeviceLogin {
  const queryClient = useQueryClient();
  const device = useQuery({ ...externalAuthDevice(provider), enabled });
  const [exchangeError, setExchangeError] = useState<unknown>();
  const [expired, setExpired] = useState(false);
  const code = device.data;

  useEffect(() => {
    if (!enabled || !code) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waitMs = Math.max(1, code.interval) * 1000;
    const expiresAt = code.expires_in > 0 ? Date.now() + code.expires_in * 1000 : Infinity;
    const attempt = async () => {
      if (Date.now() > expiresAt) return setExpired(true);
      try {
        await client.exchangeExternalAuthDevice(provider, code.device_code);
        if (!stopped) await queryClient.invalidateQueries({ queryKey: externalAuthKeys.provider(provider) });
        return;
      } catch (err) {
        if (stopped) return;
        const waiting = deviceExchangeWaiting(err);
        if (!waiting) return setExchangeError(err);
        if (waiting === 'slow_down') waitMs += SLOW_DOWN_MS;
      }
      if (!stopped) timer = setTimeout(() => void attempt(), waitMs);
    };
    timer = setTimeout(() => void attempt(), waitMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [enabled, code, provider, queryClient]);

  const restart = () => {
    setExchangeError(undefined);
    setExpired(false);
    void queryClient.resetQueries({ queryKey: externalAuthKeys.device(provider) });
  };
  return { device: code, error: device.error ?? exchangeError, expired, restart };
}
