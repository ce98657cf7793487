import { z } from 'zod';
import { survey } from '../households/household.schema.ts';

/**
 * The field app's sync protocol (docs/decisions/0007-field-sync.md).
 *
 * Push: a batch of mutations, each applied in its own transaction and recorded by its id; a replay
 * gets the stored outcome back with status `duplicate` and writes nothing. Items are validated one
 * by one on the server, so one malformed mutation is rejected alone and the rest of the batch lands.
 * Pull: what changed in the device's village since an opaque cursor.
 */
export const MUTATION_KINDS = ['visit.record', 'training.record', 'household.update', 'household.register'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export const MAX_MUTATIONS_PER_PUSH = 100;
/** Bytes: a batch of 100 visits is ~40 KB; anything near this is not a phone's honest batch. */
export const MAX_PUSH_BYTES = 1_048_576;

export const pushedMutation = z.object({
  id: z.string().max(100).describe('Client-made UUIDv7; the idempotency key'),
  kind: z.string().max(40).describe(`One of ${MUTATION_KINDS.join(', ')}`),
  payload: z.unknown().describe('The input of that kind (see visitInput, trainingInput, householdUpdateInput, householdRegistrationInput)'),
  recordedAt: z.string().max(40).optional().describe('When the user saved it on the phone (ISO 8601), for the needs-attention list'),
});

export const pushRequest = z.strictObject({
  deviceId: z.uuid().describe('Made by the phone once, kept in its storage'),
  appVersion: z.string().max(40).optional(),
  mutations: z.array(pushedMutation).min(1),
});

const message = z.object({ vi: z.string(), en: z.string() });

export const mutationStatus = z.enum(['applied', 'duplicate', 'rejected', 'conflict']);

export const mutationResult = z.object({
  id: z.string(),
  status: mutationStatus,
  /** For rejected and conflict: why, in both languages. */
  error: z.object({ code: z.string(), message, field: z.string().optional() }).optional(),
  /** For a conflict on a household: the server's current version, to show beside the phone's. */
  server: z.object({ version: z.number().int(), label: z.string(), archived: z.boolean(), latest: survey.nullable() }).optional(),
  /** For applied (and a duplicate of an applied one): the record's id and new version, if any. */
  record: z.object({ id: z.string(), version: z.number().int().optional() }).optional(),
});

export const pushResponse = z.object({
  results: z.array(mutationResult),
  serverTime: z.string(),
});

export const pullQuery = z.object({
  village: z.string().max(20).optional().describe("The village to pull; defaults to the account's own village"),
  cursor: z.string().max(200).optional().describe('From the previous pull; none for a first, full pull'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export type PushRequest = z.infer<typeof pushRequest>;
export type PushedMutation = z.infer<typeof pushedMutation>;
export type MutationResult = z.infer<typeof mutationResult>;
export type MutationStatus = z.infer<typeof mutationStatus>;
