import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './certificate.js';

describe('createSelfSignedCertificate', () => {
  it('builds a certificate that is its own root for localhost, as go-plugin requires', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    const { der, certPem, keyPem } = createSelfSignedCertificate('localhost', now);
    const cert = new X509Certificate(der);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime() - 30_000);
    expect(new X509Certificate(certPem).fingerprint256).toBe(cert.fingerprint256);
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});
