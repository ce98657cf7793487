import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey, SECRET_KEY_FILE } from './secret-box.ts';

describe('sealed secrets', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('khoa-casso-cua-hang');
    expect(sealed).not.toContain('khoa');
    expect(box.open(sealed)).toBe('khoa-casso-cua-hang');
    expect(box.seal('khoa-casso-cua-hang')).not.toBe(sealed);
  });

  it('refuses a sealed value that was altered, or sealed under another key', () => {
    const sealed = box.seal('khoa');
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), Buffer.from(Buffer.from(parts[3]!, 'base64url').map((b) => b ^ 1)).toString('base64url')].join('.');
    expect(() => box.open(flipped)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('keeps its key in the data folder, readable by its owner only, the same on the next start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-secret-'));
    try {
      const first = loadSecretKey(dir, undefined);
      expect(first).toHaveLength(32);
      expect(fs.statSync(path.join(dir, SECRET_KEY_FILE)).mode & 0o077).toBe(0);
      expect(loadSecretKey(dir, undefined).equals(first)).toBe(true);
      const fromEnv = randomBytes(32);
      expect(loadSecretKey(dir, fromEnv.toString('base64')).equals(fromEnv)).toBe(true);
      expect(() => loadSecretKey(dir, 'c2hvcnQ=')).toThrow(/32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
