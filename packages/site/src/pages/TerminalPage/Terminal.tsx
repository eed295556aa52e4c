import { FitAddon } from '@xterm/addon-fit';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { agentPtyUrl, type ReconnectingPtyRequest } from '@warren/sdk/agent-streams';
import { useEffect, useRef, useState } from 'react';
import { client } from '../../api/client';

/**
 * xterm.js over the agent's reconnecting PTY. Keystrokes and window sizes go out as Coder's JSON
 * frames; output comes back raw. A dropped connection is reopened with the same `reconnect` id,
 * and the agent replays the screen.
 */
export function Terminal({ agentId, reconnect, command }: { agentId: string; reconnect: string; command?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'connecting' | 'connected' | 'reconnecting'>('connecting');
  useEffect(() => {
    const term = new XTerm({ cursorBlink: true, allowProposedApi: true, fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', fontSize: 14, theme: { background: '#0d1117' } });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    term.focus();
    term.attachCustomKeyEventHandler((e) => {
      // Ctrl+Shift+C copies the selection; Ctrl+Shift+V is the browser's paste.
      if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyC' && term.hasSelection()) {
        void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      return true;
    });
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;
    const send = (msg: ReconnectingPtyRequest) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
    };
    const open = () => {
      socket = new WebSocket(agentPtyUrl(client.url, agentId, { reconnect, width: term.cols, height: term.rows, command }));
      socket.binaryType = 'arraybuffer';
      let first = true;
      socket.onopen = () => setState('connected');
      socket.onmessage = (e: MessageEvent<ArrayBuffer | string>) => {
        if (first) {
          // The agent replays the screen on attach: start from a clean one.
          first = false;
          term.reset();
        }
        term.write(typeof e.data === 'string' ? e.data : new Uint8Array(e.data));
      };
      socket.onclose = () => {
        if (disposed) return;
        setState('reconnecting');
        retry = setTimeout(open, 1000);
      };
    };
    open();
    const onData = term.onData((data) => send({ data }));
    const onResize = term.onResize(({ cols, rows }) => send({ height: rows, width: cols }));
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(host.current!);
    return () => {
      disposed = true;
      clearTimeout(retry);
      observer.disconnect();
      onData.dispose();
      onResize.dispose();
      socket?.close();
      term.dispose();
    };
  }, [agentId, reconnect, command]);
  return (
    <div className="flex h-full flex-col">
      <p className="sr-only" role="status">
        {state === 'connected' ? 'Terminal connected' : state === 'reconnecting' ? 'Connection lost; reconnecting…' : 'Connecting…'}
      </p>
      {state !== 'connected' && (
        <p aria-hidden="true" className="bg-warning/20 px-3 py-1 text-sm">
          {state === 'reconnecting' ? 'Connection lost; reconnecting…' : 'Connecting…'}
        </p>
      )}
      <div ref={host} className="min-h-0 flex-1 bg-[#0d1117] p-1" data-testid="terminal" />
    </div>
  );
}
