import WebSocket from 'ws';

/** The server refused the daemon (4xx): retrying with the same credentials cannot help. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_MESSAGE_BYTES = 300 * 1024 * 1024;

/** Opens the serve WebSocket; a refusal carries the server's sentence. */
export function dialCoderd(url: URL, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, handshakeTimeout: 15_000 });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        let text = `coderd answered ${status}`;
        try {
          const parsed = JSON.parse(body) as { message?: string; detail?: string };
          if (parsed.message) text = parsed.detail ? `${parsed.message} ${parsed.detail}` : parsed.message;
        } catch {
          if (body) text = `${text}: ${body.slice(0, 300)}`;
        }
        const fatal = status >= 400 && status < 500 && status !== 408 && status !== 429;
        reject(fatal ? new RefusedError(status, text) : new Error(text));
        ws.terminate();
      });
    });
    ws.once('error', (err) => reject(err));
  });
}
