import { z } from 'zod';
import { calendarDate } from '../platform/api-schema.ts';
import { survey } from '../households/schemas.ts';
import { NEEDS } from '../teams/shared.ts';
import { serverParcel, type ServerParcel } from '../delivery/index.ts';

export type { ServerParcel };

/**
 * The field app's sync protocol (docs/decisions/0007-field-sync.md).
 *
 * Push: a batch of mutations, each applied in its own transaction and recorded by its id; a replay
 * gets the stored outcome back with status `duplicate` and writes nothing. Items are validated one
 * by one on the server, so one malformed mutation is rejected alone and the rest of the batch lands.
 * Pull: what changed in the device's village since an opaque cursor.
 */
export const MUTATION_KINDS = [
  'visit.record',
  'training.record',
  'household.update',
  'household.register',
  'parcel.deliver',
  'parcel.fail',
  'route.reorder',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];
/** A courier app's kinds: its refusals are also its carrier's dispatchers' to see and settle. */
export const COURIER_KINDS = ['parcel.deliver', 'parcel.fail', 'route.reorder'] as const satisfies readonly MutationKind[];

export const MAX_MUTATIONS_PER_PUSH = 100;
/** Bytes: a batch of 100 visits is ~40 KB; anything near this is not a phone's honest batch. */
export const MAX_PUSH_BYTES = 1_048_576;

export const pushedMutation = z.object({
  id: z.string().max(100).describe('Client-made UUIDv7; the idempotency key'),
  kind: z
    .string()
    .max(40)
    .describe(`One of ${MUTATION_KINDS.join(', ')}`),
  payload: z
    .unknown()
    .describe(
      'The input of that kind (see visitInput, trainingInput, householdUpdateInput, householdRegistrationInput; a courier’s deliverInput, failInput, reorderInput)',
    ),
  recordedAt: z.string().max(40).optional().describe('When the user saved it on the phone (ISO 8601), for the needs-attention list'),
  supersedes: z
    .uuid()
    .optional()
    .describe(
      'The id of an earlier mutation of this account, rejected or in conflict, that this one corrects: once this one is applied, that one is marked fixed_by_phone',
    ),
});

// The route takes each item as it comes and checks it alone (a malformed one is answered on its
// own line instead of refusing the batch); the API document still shows what an item should be.
const { $schema: _draft, ...pushedMutationDocument } = z.toJSONSchema(pushedMutation, { io: 'input', unrepresentable: 'any' });

export const pushRequest = z.strictObject({
  deviceId: z.uuid().describe('Made by the phone once, kept in its storage'),
  appVersion: z.string().max(40).optional(),
  mutations: z
    .array(z.unknown().meta(pushedMutationDocument))
    .min(1)
    .max(MAX_MUTATIONS_PER_PUSH)
    .describe(`At most ${MAX_MUTATIONS_PER_PUSH} (more: 400 sync.batch_too_large and nothing applied), at most ${MAX_PUSH_BYTES} bytes in all (more: 413)`),
});

const message = z.object({ vi: z.string(), en: z.string() });
const issue = z.object({ code: z.string(), message, field: z.string().optional() });

export const mutationStatus = z.enum(['applied', 'duplicate', 'rejected', 'conflict']);
export const storedStatus = z.enum(['applied', 'rejected', 'conflict']);
export const resolution = z.enum(['kept_server', 'applied_phone', 'fixed_by_phone']);

/** A household as the server has it now: shown beside the phone's version of a conflict. */
export const serverHousehold = z.object({ version: z.number().int(), label: z.string(), archived: z.boolean(), latest: survey.nullable() });

export const mutationError = z.object({ code: z.string(), message, field: z.string().optional(), issues: z.array(issue).optional() });

export const mutationResult = z.object({
  id: z.string(),
  status: mutationStatus,
  /** For a duplicate: what happened to the mutation the first time. */
  originalStatus: storedStatus.optional(),
  /** For a duplicate of a mutation a person has resolved since. */
  resolution: resolution.optional(),
  /** For rejected and conflict: why, in both languages. */
  error: mutationError.optional(),
  /** For a conflict on a household: the server's current version, to show beside the phone's. */
  server: serverHousehold.optional(),
  /** For a conflict on a parcel (its COD amount changed, or it was settled already): the server's parcel. */
  serverParcel: serverParcel.optional(),
  /** For applied (and a duplicate of an applied one): the record's id and new version, if any. */
  record: z.object({ id: z.string(), version: z.number().int().optional() }).optional(),
});

export const pushResponse = z.object({
  results: z.array(mutationResult).describe('One per pushed mutation, in the same order'),
  serverTime: z.string(),
});

export const pullQuery = z.object({
  village: z.string().max(20).optional().describe("The village to pull; defaults to the account's own village"),
  cursor: z.string().max(200).optional().describe('From the previous pull; none for a first, full pull'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  deviceId: z.uuid().optional().describe('The phone, so that a phone with nothing to push still shows as synced'),
  appVersion: z.string().max(40).optional(),
});

const pulledNeed = z.object({ need: z.enum(NEEDS), people: z.number().int() });

export const pulledHousehold = z.object({
  id: z.string(),
  label: z.string(),
  version: z.number().int(),
  archived: z.boolean(),
  latest: survey.nullable(),
  needs: z.array(pulledNeed).describe('What the household still lacks, by its latest survey: the team’s to-do list'),
});

export const pulledTeam = z.object({ id: z.string(), name: z.string(), contactPhone: z.string().nullable() });

export const pulledTeamMember = z.object({
  id: z.string(),
  teamId: z.string(),
  displayName: z.string(),
  sex: z.enum(['female', 'male']),
  isLeader: z.boolean(),
  joinedOn: calendarDate,
  trainedOn: calendarDate.nullable(),
  leftOn: calendarDate.nullable(),
});

export const pulledVisit = z.object({
  id: z.string(),
  householdId: z.string(),
  visitedOn: calendarDate,
  activities: z.array(z.object({ code: z.string(), people: z.number().int() })),
  residentsGuided: z.number().int(),
  note: z.string().nullable(),
});

export const pulledTraining = z.object({
  id: z.string(),
  villageCode: z.string(),
  heldOn: calendarDate,
  topic: z.string(),
  place: z.string(),
  trainer: z.string(),
  attendees: z.object({
    total: z.number().int(),
    female: z.number().int(),
    male: z.number().int(),
    byAge: z.object({ under15: z.number().int(), from15to29: z.number().int(), from30to59: z.number().int(), from60: z.number().int() }),
    byEthnicGroup: z.record(z.string(), z.number().int()).nullable(),
  }),
});

/** A rejected or conflicting mutation nobody has resolved yet. */
export const attentionItem = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['rejected', 'conflict']),
  payload: z.unknown().describe('What the phone sent'),
  error: mutationError.nullable(),
  /** For a conflict: the household as the server has it now. */
  server: serverHousehold.nullable(),
  account: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  deviceId: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  householdLabel: z.string().nullable().describe('The household the change is about, by its label in the register (or the label a new one was sent with)'),
  parcelLabel: z.string().nullable().describe('The parcel a courier’s change is about: its tracking code and recipient'),
  receivedAt: z.string(),
  recordedAt: z.string().nullable().describe('When the user saved it on the phone, as the phone said'),
});

export const pullResponse = z.object({
  village: z.object({ code: z.string(), name: z.string() }),
  households: z.array(pulledHousehold),
  team: pulledTeam.nullable().describe('The village’s team, when it changed in this page'),
  teamMembers: z.array(pulledTeamMember),
  visits: z.array(pulledVisit),
  trainings: z.array(pulledTraining),
  attention: z.array(attentionItem).describe("This account's mutations that still need attention, whichever phone sent them"),
  cursor: z.string().describe('Opaque: send it with the next pull'),
  more: z.boolean().describe('The page was full: pull again at once with the new cursor'),
  serverTime: z.string(),
});

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const needsAttentionQuery = z.object({
  orgUnit: z.string().max(20).describe('A unit: its whole subtree is listed'),
  ...page,
});

export const courierAttentionQuery = z.object({ carrier: z.uuid().describe('The carrier whose couriers’ refusals are listed'), ...page });

export const resolveRequest = z.strictObject({
  resolution: resolution.describe(
    "kept_server or applied_phone: an officer with sync:resolve (applied_phone re-applies a household update over the household's current version); fixed_by_phone: the account that pushed it, once corrected or dropped on the phone",
  ),
});

export const resolveResponse = z.object({
  id: z.string(),
  status: storedStatus,
  resolution,
  resolvedAt: z.string(),
  record: z.object({ id: z.string(), version: z.number().int().optional() }).optional(),
});

export const devicesQuery = z.object({
  orgUnit: z.string().max(20),
  staleDays: z.coerce.number().int().min(0).max(3650).optional().describe('Only devices that have not synced for at least this many days'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const device = z.object({
  id: z.string(),
  account: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  appVersion: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSyncAt: z.string(),
  daysSinceSync: z.number().int(),
});

/** What a phone sends. */
export type PushRequest = Omit<z.infer<typeof pushRequest>, 'mutations'> & { mutations: PushedMutation[] };
/** What the push route accepts: the items unchecked, each read on its own. */
export type PushBody = z.infer<typeof pushRequest>;
export type PushedMutation = z.infer<typeof pushedMutation>;
export type MutationResult = z.infer<typeof mutationResult>;
export type Resolution = z.infer<typeof resolution>;
export type ServerHousehold = z.infer<typeof serverHousehold>;
export type MutationError = z.infer<typeof mutationError>;
export type PullQuery = z.infer<typeof pullQuery>;
export type PullResponse = z.infer<typeof pullResponse>;
export type AttentionItem = z.infer<typeof attentionItem>;
export type Device = z.infer<typeof device>;
export type ResolveResponse = z.infer<typeof resolveResponse>;
export type PulledVisit = z.infer<typeof pulledVisit>;
export type PulledTraining = z.infer<typeof pulledTraining>;
