import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

/**
 * Follows a server-sent events stream (Coder's `event: data` frames) into the query cache under
 * `key`, so pages read live values through the same query they loaded. The browser's
 * EventSource reconnects by itself after a dropped connection.
 */
export function useEventStreamIntoCache<T>(url: string | undefined, key: QueryKey, map: (data: unknown) => T = (d) => d as T): void {
  const queryClient = useQueryClient();
  const mapRef = useRef(map);
  mapRef.current = map;
  const keyString = JSON.stringify(key);
  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('data', (e) => {
      queryClient.setQueryData(JSON.parse(keyString) as QueryKey, mapRef.current(JSON.parse((e as MessageEvent<string>).data)));
    });
    return () => source.close();
  }, [url, keyString, queryClient]);
}

export interface FollowedList<T> {
  items: T[];
  /** True once the server closed the stream normally (the job is done). */
  done: boolean;
  error?: string;
}

/**
 * Follows a WebSocket whose text frames carry one item or an array of items (build logs, agent
 * logs), keeping every item received. A dropped connection is retried after a second, from the
 * last id seen, so nothing shows twice.
 */
export function useFollowedList<T extends { id: number }>(makeUrl: ((after: number) => URL) | undefined, resetKey: string): FollowedList<T> {
  const [state, setState] = useState<FollowedList<T>>({ items: [], done: false });
  const makeUrlRef = useRef(makeUrl);
  makeUrlRef.current = makeUrl;
  const enabled = !!makeUrl;
  useEffect(() => {
    setState({ items: [], done: false });
    if (!enabled) return;
    let last = 0;
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const url = makeUrlRef.current?.(last);
      if (!url) return;
      socket = new WebSocket(url);
      socket.onmessage = (e: MessageEvent<string>) => {
        const parsed = JSON.parse(e.data) as T | T[];
        const batch = (Array.isArray(parsed) ? parsed : [parsed]).filter((item) => item.id > last);
        if (batch.length === 0) return;
        last = batch[batch.length - 1]!.id;
        setState((s) => ({ ...s, items: [...s.items, ...batch], error: undefined }));
      };
      socket.onclose = (e) => {
        if (stopped) return;
        if (e.code === 1000) {
          setState((s) => ({ ...s, done: true }));
          return;
        }
        setState((s) => ({ ...s, error: e.reason || 'The log stream was interrupted; reconnecting.' }));
        retry = setTimeout(open, 1000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [enabled, resetKey]);
  return state;
}

/** Browsers allow six HTTP/1.1 connections per server: the list watches at most this many rows. */
export const MAX_LIST_WATCHES = 3;

/**
 * Follows the watch streams of a few workspaces (those with a build under way) and writes each
 * update into the cached list page, so their rows change as soon as the server announces it.
 */
export function useWatchedRows<T extends { id: string }>(listKey: QueryKey, ids: string[], urlOf: (id: string) => string): void {
  const queryClient = useQueryClient();
  const keyString = JSON.stringify(listKey);
  const idsString = ids.slice(0, MAX_LIST_WATCHES).sort().join(',');
  const urlOfRef = useRef(urlOf);
  urlOfRef.current = urlOf;
  useEffect(() => {
    if (!idsString) return;
    const key = JSON.parse(keyString) as QueryKey;
    const sources = idsString.split(',').map((id) => {
      const source = new EventSource(urlOfRef.current(id), { withCredentials: true });
      source.addEventListener('data', (e) => {
        const updated = JSON.parse((e as MessageEvent<string>).data) as T;
        queryClient.setQueryData(key, (page: { workspaces: T[]; count: number } | undefined) =>
          page && { ...page, workspaces: page.workspaces.map((w) => (w.id === updated.id ? updated : w)) },
        );
      });
      return source;
    });
    return () => sources.forEach((s) => s.close());
  }, [idsString, keyString, queryClient]);
}
