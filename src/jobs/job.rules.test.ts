import { describe, expect, it } from 'vitest';
import { isRetryable } from './job.rules.ts';

describe('job rules', () => {
  it('lets a failed or queued job run again, not a running or done one', () => {
    expect((['queued', 'running', 'done', 'failed'] as const).filter(isRetryable)).toEqual(['queued', 'failed']);
  });
});
