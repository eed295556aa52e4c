import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, for a client to trust (`ca`). */
  pem: string;
}

/** A self-signed ECDSA P-256 certificate made with the openssl CLI, valid two days, for `names` (DNS names or IPs). */
export function makeCertificate(commonName: string, names: string[]): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-cert-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${san}`,
  ], { stdio: 'pipe' });
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
}
