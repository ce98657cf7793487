import { describe, expect, it } from 'vitest';
import { usernameFor, userAgentSummary } from './account.rules.ts';
import { createFailureCounter } from './login-throttle.ts';
import { generatePassword } from './password.ts';
import { isTrustedOrigin } from './request-origin.rules.ts';

describe('usernames made for team members', () => {
  it('are the given name and the village, without marks, numbered on a clash', () => {
    expect(usernameFor('Hà Thị Lan', 'Hin Đăm', new Set())).toBe('lan.hindam');
    expect(usernameFor('Lộc Văn Lan', 'Hin Đăm', new Set(['lan.hindam']))).toBe('lan.hindam2');
    expect(usernameFor('Đinh Thị Ấu', 'Khuổi Phầy', new Set())).toBe('au.khuoiphay');
    expect(usernameFor('  ', 'Hin Đăm', new Set())).toBe('tovien.hindam');
    expect(usernameFor('Nguyễn Thị Phương Thảo Nguyênnnnnnnnnnn', 'Bản Có Một Cái Tên Rất Là Dài Dài', new Set())).toMatch(/^[a-z0-9._-]{3,40}$/);
  });
});

describe('one-time passwords', () => {
  it('have no look-alike characters and read in groups of four', () => {
    for (let i = 0; i < 200; i++) expect(generatePassword()).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });
});

describe('the browser summary of a session', () => {
  it('names the browser and the system, and nothing else', () => {
    expect(userAgentSummary('Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36')).toBe(
      'Chrome · Android',
    );
    expect(
      userAgentSummary(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iOS');
    expect(userAgentSummary('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0')).toBe(
      'Edge · Windows',
    );
    expect(userAgentSummary('curl/8.5.0')).toBeNull();
    expect(userAgentSummary(undefined)).toBeNull();
  });
});

describe('the origin of a cookie-authenticated write', () => {
  const own = 'http://127.0.0.1:3000';
  it('is this site or a configured one, by Origin and else by Referer', () => {
    expect(isTrustedOrigin({ origin: 'http://127.0.0.1:3000' }, own, [])).toBe(true);
    expect(isTrustedOrigin({ referer: 'http://127.0.0.1:3000/tai-khoan' }, own, [])).toBe(true);
    expect(isTrustedOrigin({ origin: 'https://evil.example', referer: 'http://127.0.0.1:3000/' }, own, [])).toBe(false);
    expect(isTrustedOrigin({ origin: 'null' }, own, [])).toBe(false);
    expect(isTrustedOrigin({ origin: 'http://127.0.0.1:3001' }, own, [])).toBe(false);
    expect(isTrustedOrigin({ origin: 'https://banso.example.vn' }, own, ['https://banso.example.vn/'])).toBe(true);
    expect(isTrustedOrigin({}, own, [])).toBe(true);
  });
});

describe('failed log-ins counted per address', () => {
  it('holds an address back after the limit, until its window ends', () => {
    let now = 0;
    const counter = createFailureCounter({ max: 3, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(counter.waitFor('a')).toBe(0);
      counter.recordFailure('a');
    }
    now = 400;
    expect(counter.waitFor('a')).toBe(600);
    expect(counter.waitFor('b')).toBe(0);
    now = 1000;
    expect(counter.waitFor('a')).toBe(0);
  });
});
