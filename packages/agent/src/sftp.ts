/**
 * The `sftp` subsystem over the workspace filesystem, on ssh2's SFTP server protocol: what
 * OpenSSH's `sftp` and `scp` (SFTP by default since OpenSSH 9) need. Relative paths are relative
 * to the session's directory; the agent runs as the workspace user, so the filesystem's own
 * permissions apply.
 */
import { constants as fsc } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, InputAttributes, SFTPWrapper } from 'ssh2';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;
const MAX_READ = 256 * 1024;

type Handle = { kind: 'file'; fh: FileHandle } | { kind: 'dir'; path: string; sent: boolean };

function statusOf(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function toAttrs(st: import('node:fs').Stats): Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An `ls -l` line, which `sftp`'s `ls -l` prints as is. */
export function longname(name: string, st: import('node:fs').Stats): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFIFO() ? 'p' : st.isSocket() ? 's' : st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : '-';
  const rwx = (m: number) => `${m & 4 ? 'r' : '-'}${m & 2 ? 'w' : '-'}${m & 1 ? 'x' : '-'}`;
  const mode = `${type}${rwx(st.mode >> 6)}${rwx(st.mode >> 3)}${rwx(st.mode)}`;
  const d = st.mtime;
  const when = `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return `${mode} ${String(st.nlink).padStart(4)} ${String(st.uid).padEnd(8)} ${String(st.gid).padEnd(8)} ${String(st.size).padStart(8)} ${when} ${name}`;
}

/** SFTP open flags as open(2) flags (every combination, not only fopen's modes). */
export function openFlags(flags: number): number {
  const { READ, WRITE, APPEND, CREAT, TRUNC, EXCL } = OPEN_MODE;
  let out = flags & READ && flags & WRITE ? fsc.O_RDWR : flags & WRITE ? fsc.O_WRONLY : fsc.O_RDONLY;
  if (flags & APPEND) out |= fsc.O_APPEND;
  if (flags & CREAT) out |= fsc.O_CREAT;
  if (flags & TRUNC) out |= fsc.O_TRUNC;
  if (flags & EXCL) out |= fsc.O_EXCL;
  return out;
}

async function applyAttrs(target: string | FileHandle, attrs: InputAttributes): Promise<void> {
  const onHandle = typeof target !== 'string';
  if (attrs.size !== undefined) await (onHandle ? target.truncate(attrs.size) : fs.truncate(target, attrs.size));
  const { uid, gid } = attrs;
  if (uid !== undefined && gid !== undefined) await (onHandle ? target.chown(uid, gid) : fs.chown(target, uid, gid));
  const mode = attrs.mode === undefined ? undefined : Number(attrs.mode) & 0o7777;
  if (mode !== undefined) await (onHandle ? target.chmod(mode) : fs.chmod(target, mode));
  if (attrs.atime !== undefined && attrs.mtime !== undefined) await (onHandle ? target.utimes(attrs.atime, attrs.mtime) : fs.utimes(target, attrs.atime, attrs.mtime));
}

/** Serves one SFTP session until the channel closes; closes every open handle then. */
export function serveSftp(sftp: SFTPWrapper, cwd: string): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const resolve = (p: string) => path.resolve(cwd, p || '.');
  const newHandle = (h: Handle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const handleOf = (buf: Buffer): [number, Handle | undefined] => {
    const id = buf.length === 4 ? buf.readUInt32BE(0) : -1;
    return [id, handles.get(id)];
  };
  /**
   * Runs an operation, answering its errors with an SFTP status. Requests run one at a time in
   * arrival order, so replies come back in order: OpenSSH's client truncates an upload at the
   * last write acknowledged in sequence.
   */
  let queue: Promise<void> = Promise.resolve();
  const op = (reqId: number, fn: () => Promise<void>) => {
    queue = queue.then(fn).catch((err: unknown) => void sftp.status(reqId, statusOf(err), (err as Error).message));
  };
  const ok = (reqId: number) => sftp.status(reqId, STATUS_CODE.OK);

  sftp.on('OPEN', (reqId, filename, flags, attrs) =>
    op(reqId, async () => {
      const fh = await fs.open(resolve(filename), openFlags(flags), attrs?.mode !== undefined ? Number(attrs.mode) & 0o7777 : 0o644);
      sftp.handle(reqId, newHandle({ kind: 'file', fh }));
    }),
  );
  sftp.on('READ', (reqId, handle, offset, length) =>
    op(reqId, async () => {
      const [, h] = handleOf(handle);
      if (h?.kind !== 'file') return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      const buf = Buffer.alloc(Math.min(length, MAX_READ));
      const { bytesRead } = await h.fh.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.data(reqId, buf.subarray(0, bytesRead));
    }),
  );
  sftp.on('WRITE', (reqId, handle, offset, data) =>
    op(reqId, async () => {
      const [, h] = handleOf(handle);
      if (h?.kind !== 'file') return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      let written = 0;
      while (written < data.length) written += (await h.fh.write(data, written, data.length - written, offset + written)).bytesWritten;
      ok(reqId);
    }),
  );
  sftp.on('FSTAT', (reqId, handle) =>
    op(reqId, async () => {
      const [, h] = handleOf(handle);
      if (!h) return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      sftp.attrs(reqId, toAttrs(h.kind === 'file' ? await h.fh.stat() : await fs.stat(h.path)));
    }),
  );
  sftp.on('FSETSTAT', (reqId, handle, attrs) =>
    op(reqId, async () => {
      const [, h] = handleOf(handle);
      if (!h) return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      await applyAttrs(h.kind === 'file' ? h.fh : h.path, attrs);
      ok(reqId);
    }),
  );
  sftp.on('CLOSE', (reqId, handle) =>
    op(reqId, async () => {
      const [id, h] = handleOf(handle);
      if (!h) return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      handles.delete(id);
      if (h.kind === 'file') await h.fh.close();
      ok(reqId);
    }),
  );
  sftp.on('OPENDIR', (reqId, p) =>
    op(reqId, async () => {
      const dir = resolve(p);
      if (!(await fs.stat(dir)).isDirectory()) return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Not a directory.');
      await fs.access(dir, fsc.R_OK);
      sftp.handle(reqId, newHandle({ kind: 'dir', path: dir, sent: false }));
    }),
  );
  sftp.on('READDIR', (reqId, handle) =>
    op(reqId, async () => {
      const [, h] = handleOf(handle);
      if (h?.kind !== 'dir') return void sftp.status(reqId, STATUS_CODE.FAILURE, 'Invalid handle.');
      if (h.sent) return void sftp.status(reqId, STATUS_CODE.EOF);
      h.sent = true;
      const names = ['.', '..', ...(await fs.readdir(h.path))];
      const entries = [];
      for (const name of names) {
        const st = await fs.lstat(path.join(h.path, name)).catch(() => undefined);
        if (st) entries.push({ filename: name, longname: longname(name, st), attrs: toAttrs(st) });
      }
      sftp.name(reqId, entries);
    }),
  );
  sftp.on('LSTAT', (reqId, p) => op(reqId, async () => void sftp.attrs(reqId, toAttrs(await fs.lstat(resolve(p))))));
  sftp.on('STAT', (reqId, p) => op(reqId, async () => void sftp.attrs(reqId, toAttrs(await fs.stat(resolve(p))))));
  sftp.on('SETSTAT', (reqId, p, attrs) => op(reqId, async () => (await applyAttrs(resolve(p), attrs), ok(reqId))));
  sftp.on('REMOVE', (reqId, p) => op(reqId, async () => (await fs.unlink(resolve(p)), ok(reqId))));
  sftp.on('RMDIR', (reqId, p) => op(reqId, async () => (await fs.rmdir(resolve(p)), ok(reqId))));
  sftp.on('MKDIR', (reqId, p, attrs) => op(reqId, async () => (await fs.mkdir(resolve(p), { mode: attrs?.mode ?? 0o755 }), ok(reqId))));
  sftp.on('RENAME', (reqId, from, to) => op(reqId, async () => (await fs.rename(resolve(from), resolve(to)), ok(reqId))));
  sftp.on('READLINK', (reqId, p) =>
    op(reqId, async () => {
      const target = await fs.readlink(resolve(p));
      sftp.name(reqId, [{ filename: target, longname: target, attrs: {} as Attributes }]);
    }),
  );
  // OpenSSH sends SYMLINK's arguments in the reverse order of the draft: (target, link path).
  sftp.on('SYMLINK', (reqId, linkPath, targetPath) => op(reqId, async () => (await fs.symlink(linkPath, resolve(targetPath)), ok(reqId))));
  sftp.on('REALPATH', (reqId, p) =>
    op(reqId, async () => {
      const full = resolve(p);
      sftp.name(reqId, [{ filename: full, longname: full, attrs: {} as Attributes }]);
    }),
  );
  // The client's EOF ends the session: report exit status 0 as sshd does for sftp-server (scp
  // fails without one), then close our side, or OpenSSH waits for it.
  sftp.on('end', () => {
    const chan = sftp as unknown as { _protocol?: { exitStatus(id: number, status: number): void }; outgoing?: { id: number; state: string } };
    if (chan.outgoing?.state === 'open') chan._protocol?.exitStatus(chan.outgoing.id, 0);
    sftp.end();
  });
  sftp.on('close', () => {
    for (const h of handles.values()) if (h.kind === 'file') void h.fh.close().catch(() => undefined);
    handles.clear();
  });
}
