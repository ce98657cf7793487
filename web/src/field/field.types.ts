import type { Message } from '../../../src/platform/errors.ts';
import type { Survey } from '../../../src/households/household.schema.ts';
import type { AttentionItem, MutationResult, PulledTraining, PulledVisit, PullResponse } from '../../../src/sync/sync.schema.ts';
import type { TrainingInput, VisitInput } from '../../../src/teams/fieldwork.schema.ts';
import type { HouseholdRegistrationInput, HouseholdUpdateInput } from '../../../src/households/household.schema.ts';
import type { DeliverInput, FailInput, ReorderInput } from '../../../src/delivery/courier.schema.ts';

/**
 * What the phone keeps (field.store.ts) and sends (sync-client.ts). Types only: the shapes come from
 * the server's own schemas, so a change of the wire contract fails the type check here.
 */
export type { AttentionItem, HouseholdRegistrationInput, HouseholdUpdateInput, Message, MutationResult, Survey, TrainingInput, VisitInput };

/** A household as the server last described it (pull, or a push the server applied). */
export interface LocalHousehold {
  id: string;
  villageCode: string;
  label: string;
  version: number;
  archived: boolean;
  latest: Survey | null;
}

/** A support visit the server holds. */
export type LocalVisit = PulledVisit;

/** A training the server holds. */
export type LocalTraining = PulledTraining;

export type TeamInfo = NonNullable<PullResponse['team']>;
export type TeamMemberInfo = PullResponse['teamMembers'][number];

/** One mutation per kind, each with its own payload (docs/decisions/0007-field-sync.md): the outbox's shape in both offline apps. */
export type Mutation =
  | { kind: 'visit.record'; payload: VisitInput }
  | { kind: 'training.record'; payload: TrainingInput }
  | { kind: 'household.update'; payload: HouseholdUpdateInput }
  | { kind: 'household.register'; payload: HouseholdRegistrationInput }
  // The courier app's, on the same protocol (docs/decisions/0033-courier-sync-and-proof-of-delivery.md).
  | { kind: 'parcel.deliver'; payload: DeliverInput }
  | { kind: 'parcel.fail'; payload: FailInput }
  | { kind: 'route.reorder'; payload: ReorderInput };

/**
 * pending: waits to be sent. sending: in a request now (or when the app was closed mid-request:
 * sent again, which is safe, the id makes it idempotent). needs_attention: the server refused it
 * (rejected or conflict) and a person must decide. fixed: replaced by a corrected copy under a
 * new id, kept until the server has that one. dropped: the user chose to drop it; kept until the
 * server has been told, so the officers' list of open refusals does not keep it forever.
 */
export type OutboxState = 'pending' | 'sending' | 'needs_attention' | 'fixed' | 'dropped';

/** Why the last attempt did not go through, or why the server refused it, in both languages. */
export interface Problem {
  code: string;
  message: Message;
  field?: string | undefined;
}

export type OutboxItem = Mutation & {
  /** Local order of saving (Dexie's auto-increment): mutations are sent in this order. */
  seq?: number;
  /** UUIDv7 made on the phone: the idempotency key on the server. */
  id: string;
  accountId: string;
  createdAt: string;
  attempts: number;
  lastError: Problem | null;
  state: OutboxState;
  /** For needs_attention: what the server said. */
  status?: 'rejected' | 'conflict' | undefined;
  /** The server stored this mutation (it answered it on its own line): a resolution is sent for it. */
  recorded?: boolean | undefined;
  server?: MutationResult['server'] | undefined;
  /** The mutation this one corrects, and the one that corrected this one. */
  replaces?: string | undefined;
  fixedBy?: string | undefined;
};

/** One page of GET /api/sync/pull. */
export type PullPage = PullResponse;

/** The account the phone last logged in with, so the app opens offline afterwards. */
export interface FieldAccount {
  id: string;
  username: string;
  displayName: string;
  villageCode: string;
  villageName: string;
}
