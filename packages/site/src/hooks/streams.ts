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

/** Changes that arrive this close together cost one refetch. */
const LIST_REFETCH_COALESCE_MS = 50;

/**
 * Follows the one stream that announces changes to any workspace the user may read, and refetches
 * the list under `listKey` when one arrives (bursts coalesce into one request). The stream's first
 * message after a reconnect asks for a full re-read, since changes may have been missed meanwhile.
 */
export function useListChanges(listKey: QueryKey, url: string): void {
  const queryClient = useQueryClient();
  // The stream stays open while the user pages and filters; each change refetches what is shown.
  const keyRef = useRef(listKey);
  keyRef.current = listKey;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('data', (e) => {
      const { workspace_id: id } = JSON.parse((e as MessageEvent<string>).data) as { workspace_id: string | null };
      // The very first "re-read everything" arrives as the list is loading: nothing to re-read.
      if (id === null && !opened) {
        opened = true;
        return;
      }
      // A refetch already scheduled will see this change too (and a steady flow of changes still
      // refetches every LIST_REFETCH_COALESCE_MS instead of never).
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: keyRef.current, exact: true });
      }, LIST_REFETCH_COALESCE_MS);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [url, queryClient]);
}
