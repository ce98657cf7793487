import type { Db } from '../platform/database.ts';
import { badRequest, unauthenticated } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { villageFor } from '../households/index.ts';
import { householdNeeds, toAttendees, VISIT_ACTIVITIES } from '../teams/index.ts';
import {
  decodeCursor,
  encodeCursor,
  firstPullSince,
  mergePage,
  rankOf,
  START,
  type Stream,
  type StreamPosition,
  type SyncCursor,
} from './sync-cursor.rules.ts';
import {
  listHouseholdChanges,
  listTeamChanges,
  listTeamMemberChanges,
  listTrainingChanges,
  listVisitChanges,
  readPullHorizon,
  recordDevice,
  type Window,
} from './sync.repository.ts';
import { listOwnAttention } from './list-needs-attention.ts';
import { ownVillage } from './sync.rules.ts';
import type { PullQuery, PullResponse, PulledTraining, PulledVisit } from './sync.schema.ts';

export const badCursor = () =>
  badRequest(
    'sync.bad_cursor',
    {
      vi: 'Mốc đồng bộ không hợp lệ. Hãy tải lại toàn bộ dữ liệu của thôn/bản.',
      en: 'The sync cursor is not valid. Pull the whole village again.',
    },
    'cursor',
  );

const villageRequired = () =>
  badRequest(
    'sync.village_required',
    {
      vi: 'Tài khoản này không gắn với một thôn/bản: hãy chọn thôn/bản cần tải.',
      en: 'This account is not assigned to one village: choose the village to pull.',
    },
    'village',
  );

type Entry = { position: StreamPosition } & (
  | { stream: 'household'; value: PullResponse['households'][number] }
  | { stream: 'team'; value: NonNullable<PullResponse['team']> }
  | { stream: 'team_member'; value: PullResponse['teamMembers'][number] }
  | { stream: 'training'; value: PulledTraining }
  | { stream: 'support_visit'; value: PulledVisit }
);

const at = (stream: Stream, row: { txid: string; id: string }): StreamPosition => ({ txid: row.txid, rank: rankOf(stream), id: row.id });

/** Every stream's rows in the window, each stream in its own order. */
async function readChanges(db: Db, window: Window, since: string): Promise<Entry[][]> {
  const [households, teams, members, trainings, visits] = await Promise.all([
    listHouseholdChanges(db, window),
    listTeamChanges(db, window),
    listTeamMemberChanges(db, window),
    listTrainingChanges(db, window, since),
    listVisitChanges(db, window, since),
  ]);
  return [
    teams.map((t) => ({ stream: 'team', position: at('team', t), value: { id: t.id, name: t.name, contactPhone: t.contact_phone } })),
    members.map((m) => ({
      stream: 'team_member',
      position: at('team_member', m),
      value: {
        id: m.id,
        teamId: m.team_id,
        displayName: m.display_name,
        sex: m.sex,
        isLeader: m.is_leader,
        joinedOn: m.joined_on,
        trainedOn: m.trained_on,
        leftOn: m.left_on,
      },
    })),
    households.map((h) => ({
      stream: 'household',
      position: at('household', h),
      value: {
        id: h.id,
        label: h.label,
        version: h.version,
        archived: h.archived_at !== null,
        latest: h.latest,
        needs: h.latest ? householdNeeds(h.latest) : [],
      },
    })),
    trainings.map((r) => ({
      stream: 'training',
      position: at('training', r),
      value: {
        id: r.id,
        villageCode: r.village_code,
        heldOn: r.held_on,
        topic: r.topic,
        place: r.place,
        trainer: r.trainer,
        attendees: { ...toAttendees(r), byEthnicGroup: r.attendees_by_ethnic_group ?? null },
      },
    })),
    visits.map((v) => ({
      stream: 'support_visit',
      position: at('support_visit', v),
      value: {
        id: v.id,
        householdId: v.household_id,
        visitedOn: v.visited_on,
        activities: VISIT_ACTIVITIES.filter((a) => v[a] > 0).map((a) => ({ code: a, people: v[a] })),
        residentsGuided: v.residents_guided,
        note: v.note,
      },
    })),
  ];
}

/**
 * What changed in a village since the phone's cursor, one page at a time: households with their
 * latest survey and needs, the team and its members, visits and trainings (from the start of last
 * year on a first pull). The cursor only moves over rows of transactions older than every one still
 * running, so a transaction that commits late can never land behind a cursor already given; newer
 * committed rows ride along on the last page and come again once settled
 * (docs/decisions/0007-field-sync.md). Also lists the account's own mutations that need attention.
 */
export async function pullChanges(db: Db, caller: Actor | null, query: PullQuery): Promise<PullResponse> {
  if (!caller) throw unauthenticated();
  const code = query.village ?? ownVillage(caller)?.orgUnitCode;
  if (!code) throw villageRequired();
  const { village, actor } = await villageFor(db, caller, 'fieldwork:read', code);

  let cursor: SyncCursor = { village: village.code, after: START, since: firstPullSince(todayInVietnam()) };
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    if (!decoded || decoded.village !== village.code) throw badCursor();
    cursor = decoded;
  }
  const horizon = await readPullHorizon(db);
  // A cursor is always below the horizon it was made under, and the horizon only moves up: one
  // at or above it was not made by this database (a restored backup, say). Start again.
  if (BigInt(cursor.after.txid) >= BigInt(horizon)) throw badCursor();

  const settled = mergePage(
    await readChanges(db, { village: village.code, part: 'settled', after: cursor.after, horizon, limit: query.limit + 1 }, cursor.since),
    query.limit,
  );
  // Room left on a last page goes to recent rows, so a phone sees what was just committed even
  // while a long transaction elsewhere holds the horizon back; the cursor does not move over them.
  const room = settled.more ? 0 : query.limit - settled.page.length;
  const recent =
    room > 0
      ? mergePage(await readChanges(db, { village: village.code, part: 'recent', after: cursor.after, horizon, limit: room }, cursor.since), room).page
      : [];

  const response: PullResponse = {
    village: { code: village.code, name: village.name },
    households: [],
    team: null,
    teamMembers: [],
    visits: [],
    trainings: [],
    attention: await listOwnAttention(db, actor),
    cursor: encodeCursor({ ...cursor, after: settled.page.at(-1)?.position ?? cursor.after }),
    more: settled.more,
    serverTime: new Date().toISOString(),
  };
  for (const entry of [...settled.page, ...recent]) {
    if (entry.stream === 'household') response.households.push(entry.value);
    else if (entry.stream === 'team') response.team = entry.value;
    else if (entry.stream === 'team_member') response.teamMembers.push(entry.value);
    else if (entry.stream === 'training') response.trainings.push(entry.value);
    else response.visits.push(entry.value);
  }
  if (query.deviceId) {
    await recordDevice(db, {
      id: query.deviceId,
      accountId: actor.id,
      provinceCode: village.province_code,
      villageCode: village.code,
      appVersion: query.appVersion ?? null,
    });
  }
  return response;
}
