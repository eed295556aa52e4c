// A web app for tests of the app proxy, run inside a workspace: `node echo-app.cjs <port>`.
// Any request: JSON of its method, URL, headers, body length and sha256. `/stream`: one chunk at
// once, the rest after a request to `/release`. `/download?bytes=N`: N bytes. A WebSocket at any
// path echoes every message.
const http = require('node:http');
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const waiting = [];
const CHUNK = Buffer.alloc(1 << 20, 120);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://echo');
  if (url.pathname.endsWith('/stream')) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first chunk\n');
    waiting.push(() => res.end('last chunk\n'));
    return;
  }
  if (url.pathname.endsWith('/release')) {
    for (const w of waiting.splice(0)) w();
    return res.end('released');
  }
  if (url.pathname.endsWith('/download')) {
    let left = Number(url.searchParams.get('bytes') ?? 0);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': left });
    const more = () => {
      while (left > 0) {
        const n = Math.min(left, CHUNK.length);
        left -= n;
        if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void res.once('drain', more);
      }
      res.end();
    };
    return more();
  }
  const hash = crypto.createHash('sha256');
  let length = 0;
  req.on('data', (d) => {
    length += d.length;
    hash.update(d);
  });
  req.on('end', () => {
    const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, length, sha256: hash.digest('hex') });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Set-Cookie': 'app_cookie=1; Path=/' });
    res.end(body);
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  ws.send(JSON.stringify({ hello: req.url, cookie: req.headers.cookie ?? null, token: req.headers['coder-session-token'] ?? null, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
server.listen(port, '127.0.0.1');
