import type { z } from 'zod';
import { describeIssue } from '../platform/validation-messages.ts';
import { type Actor, can, roleMay, type RoleGrant } from '../accounts/index.ts';
import { AppError, type Issue, type Message } from '../platform/errors.ts';
import { unstorableTextAt } from '../platform/text.ts';
import { isUuid } from '../platform/ids.ts';
import { MAX_MUTATIONS_PER_PUSH, MUTATION_KINDS, pushedMutation, type MutationError, type MutationKind, type PushedMutation } from './sync.schema.ts';

/** The sync protocol's pure rules: reading a pushed item, the reasons it is refused, whose it is. */

const error = (code: string, message: Message, field?: string, issues?: Issue[]): MutationError => ({
  code,
  message,
  ...(field ? { field } : {}),
  ...(issues && issues.length > 0 ? { issues: issues.map(({ row: _row, ...rest }) => rest) } : {}),
});

export const batchTooLarge = (count: number) =>
  new AppError(
    400,
    'sync.batch_too_large',
    {
      vi: `Mỗi lần gửi tối đa ${MAX_MUTATIONS_PER_PUSH} thay đổi; lần này có ${count}. Chưa thay đổi nào được ghi, hãy gửi thành nhiều lần.`,
      en: `At most ${MAX_MUTATIONS_PER_PUSH} changes per push; this one has ${count}. Nothing was recorded: send them in smaller batches.`,
    },
    'mutations',
  );

export const tryLater = () =>
  new AppError(503, 'sync.try_later', {
    vi: 'Máy chủ gặp sự cố giữa chừng. Những thay đổi đã ghi vẫn được giữ; hãy gửi lại cả lô sau, chúng sẽ được báo là đã nhận.',
    en: 'The server failed part-way. What it recorded is kept; send the whole batch again later and those will be answered as duplicates.',
  });

/** The time to come back goes in the Retry-After header; the phone's own backoff also spreads retries. */
export const serverBusy = () =>
  new AppError(503, 'sync.busy', {
    vi: 'Máy chủ đang nhận dữ liệu từ nhiều máy. Dữ liệu vẫn nằm an toàn trên máy bạn; ứng dụng sẽ tự gửi lại sau ít phút.',
    en: "The server is taking in many phones' changes. Yours stay safe on the phone; the app sends them again in a few minutes.",
  });

export const idReused = (): MutationError =>
  error(
    'sync.id_reused',
    {
      vi: 'Mã của thay đổi này đã được dùng cho một thay đổi khác, nên không thể ghi nhận.',
      en: 'This change id already belongs to another change, so it cannot be recorded.',
    },
    'id',
  );

/** What a pushed item turned out to be, before anything is looked up. */
export type Envelope =
  /** No usable id: answered, never stored (there is no key to store it under). */
  | { state: 'unreadable'; id: string; error: MutationError }
  /** An id, but the rest is wrong: stored as rejected, so a person sees it. */
  | { state: 'invalid'; id: string; kind: string; payload: unknown; recordedAt?: string | undefined; error: MutationError }
  | { state: 'valid'; id: string; kind: MutationKind; mutation: PushedMutation };

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

export function readEnvelope(raw: unknown): Envelope {
  const item = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const id = item?.id;
  if (!isUuid(id)) {
    return {
      state: 'unreadable',
      id: typeof id === 'string' ? id.slice(0, 100) : '',
      error: error(
        'sync.malformed_id',
        {
          vi: 'Thay đổi này không có mã hợp lệ (UUID) nên không thể ghi nhận. Hãy cập nhật ứng dụng.',
          en: 'This change has no valid id (a UUID), so it cannot be recorded. Update the app.',
        },
        'id',
      ),
    };
  }
  if (unstorableTextAt(item) !== undefined) {
    return {
      state: 'unreadable',
      id,
      error: error('sync.unstorable_text', {
        vi: 'Thay đổi chứa nội dung không lưu được (ký tự rỗng, lỗi mã hóa hoặc lồng quá sâu). Hãy sửa rồi lưu lại.',
        en: 'The change holds something that cannot be stored (a NUL, broken encoding or nesting too deep). Correct it and save again.',
      }),
    };
  }
  const kind = typeof item!.kind === 'string' ? item!.kind.slice(0, 40) : '';
  const recordedAt = typeof item!.recordedAt === 'string' ? item!.recordedAt.slice(0, 40) : undefined;
  const invalid = (e: MutationError): Envelope => ({ state: 'invalid', id, kind, payload: item!.payload ?? null, recordedAt, error: e });
  const parsed = pushedMutation.safeParse(item);
  if (!parsed.success) {
    const field = fieldOf(parsed.error.issues[0]?.path ?? []);
    return invalid(
      error(
        'sync.invalid_mutation',
        {
          vi: `Thay đổi gửi lên không đúng định dạng${field ? ` (trường ${field})` : ''}. Hãy cập nhật ứng dụng.`,
          en: `The change is not in the expected form${field ? ` (field ${field})` : ''}. Update the app.`,
        },
        field || undefined,
      ),
    );
  }
  if (!(MUTATION_KINDS as readonly string[]).includes(parsed.data.kind)) {
    return invalid(
      error(
        'sync.unknown_kind',
        {
          vi: `Máy chủ không biết loại thay đổi "${kind}". Hãy cập nhật ứng dụng.`,
          en: `The server does not know the kind of change "${kind}". Update the app.`,
        },
        'kind',
      ),
    );
  }
  return { state: 'valid', id, kind: parsed.data.kind as MutationKind, mutation: parsed.data };
}

/** The payload checked against its kind's schema, or the refusal naming every field at fault. */
export function readPayload<T>(schema: z.ZodType<T>, payload: unknown): { ok: true; input: T } | { ok: false; error: MutationError } {
  const parsed = schema.safeParse(payload, { reportInput: true });
  if (parsed.success) return { ok: true, input: parsed.data };
  const issues: Issue[] = parsed.error.issues.map((i) => {
    const field = fieldOf(['payload', ...i.path]);
    return { code: 'validation.invalid', field, message: describeIssue(i) };
  });
  const field = issues[0]?.field ?? 'payload';
  return {
    ok: false,
    error: error(
      'sync.invalid_payload',
      {
        vi: `Dữ liệu của thay đổi không hợp lệ (trường ${field}).`,
        en: `The change's data is not valid (field ${field}).`,
      },
      field,
      issues,
    ),
  };
}

/** A use case's refusal as the phone gets it. */
export const fromAppError = (e: AppError): MutationError => error(e.code, e.text, e.field, e.issues);

/**
 * A conflict is a refusal a person chooses about, because the server's record moved on (a stale
 * household version, a parcel's COD amount changed); the kind of mutation names its own. Every
 * other refusal is a rejection.
 */
export const isConflict = (e: AppError, conflicts: readonly string[]): boolean => e.status === 409 && conflicts.includes(e.code);

/** What an account pushes as: a team's field work, or a courier's deliveries (decision 0033). */
export type PushAction = 'fieldwork:write' | 'delivery:deliver';

/**
 * The assignment an account pushes under: the first that may record field work, else the first
 * that may deliver a carrier's parcels, else the first (which the gate then refuses).
 */
export function pushingGrant(actor: Actor): { grant: RoleGrant; action: PushAction } | undefined {
  const fieldwork = actor.roles.find((g) => can(actor, 'fieldwork:write', g.scopePath));
  if (fieldwork) return { grant: fieldwork, action: 'fieldwork:write' };
  const courier = actor.roles.find((g) => roleMay(g.role, 'delivery:deliver'));
  if (courier) return { grant: courier, action: 'delivery:deliver' };
  const first = actor.roles[0];
  return first && { grant: first, action: 'fieldwork:write' };
}

export const provinceOf = (grant: RoleGrant): string => grant.scopePath.split('.')[0] ?? '';

/** The village an account is assigned to, if its assignment is one village (a team member's). */
export function ownVillage(actor: Actor): RoleGrant | undefined {
  return actor.roles.find((g) => g.scopePath.split('.').length === 3);
}
