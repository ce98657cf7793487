import type { Db } from '../platform/database.ts';
import { AppError, conflict } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { LEVEL } from '../territory/index.ts';
import { uploadPhoto } from '../media/index.ts';
import { authorizeCourierParcel } from './courier-access.ts';
import { findEvent, insertEvent, insertProof, lockParcel, moveParcel } from './courier.repository.ts';
import {
  cashCollected,
  checkPayment,
  checkPhotoSize,
  checkRecipientCode,
  checkSignature,
  stepsTo,
  type Outcome,
  type ParcelAtDoor,
} from './courier-delivery.rules.ts';
import type { DeliverInput, FailInput, ProofInput, ServerParcel } from './courier.schema.ts';
import { deliverySource } from './delivery.indicators.ts';
import { findNamedParcel, type ParcelRow } from './parcel.repository.ts';
import type { FailureReason, Payment } from './parcel.rules.ts';
import { proofPhotoStore } from './proof-photos.ts';

/** What the phone is told of an event it recorded: the event's id (its own). */
export interface RecordedEvent {
  id: string;
}

const atDoor = (row: ParcelRow): ParcelAtDoor => ({ state: row.state, codAmount: row.cod_amount, trackingCode: row.tracking_code });

const eventIdTaken = (id: string) =>
  conflict(
    'delivery.event_id_taken',
    { vi: 'Mã sự kiện giao này đã được dùng cho bưu gửi khác.', en: `The delivery event id ${id} is already used for another parcel.` },
    'eventId',
  );

const DELIVERY_ELEMENTS = deliverySource.elements.map((e) => e.code);

/** Refuses what the rules refuse; returns the states to pass through. */
function judge(row: ParcelRow, outcome: Outcome, payment?: { codAmount: number; payment: Payment | null }, proof?: ProofInput) {
  const steps = stepsTo(row.state, outcome);
  if (steps instanceof AppError) throw steps;
  const problem =
    (payment && checkPayment(atDoor(row), payment)) ??
    (proof?.kind === 'code' ? checkRecipientCode(atDoor(row), proof.code) : undefined) ??
    (proof?.kind === 'photo' ? checkPhotoSize(Buffer.from(proof.jpeg, 'base64').length) : undefined) ??
    (proof?.kind === 'signature' ? checkSignature(proof.strokes) : undefined);
  if (problem) throw problem;
  return steps;
}

interface Attempt {
  eventId: string;
  parcelId: string;
  occurredAt: string;
  outcome: Outcome;
  failureReason: FailureReason | null;
  payment?: { codAmount: number; payment: Payment | null };
  proof?: ProofInput;
}

/**
 * A delivery or a failed attempt at the door, checked and authorised, to apply in the caller's
 * transaction (the sync push's, decision 0033). Checked again on the locked parcel when applied:
 * another phone (or the dispatcher) may have moved it between the two.
 */
async function planOutcome(db: Db, caller: Actor | null, attempt: Attempt): Promise<PlannedWrite<RecordedEvent>> {
  const { actor, parcel, unit } = await authorizeCourierParcel(db, caller, attempt.parcelId);
  const recorded = await findEvent(db, attempt.eventId);
  if (recorded && recorded.parcel_id !== parcel.id) throw eventIdTaken(attempt.eventId);
  if (recorded) return { provinceCode: unit.province_code, villageCode: unit.code, apply: async () => ({ id: attempt.eventId }) };
  judge(parcel, attempt.outcome, attempt.payment, attempt.proof);
  return {
    provinceCode: unit.province_code,
    villageCode: unit.code,
    async apply(tx) {
      const current = (await lockParcel(tx, parcel.id))!;
      const steps = judge(current, attempt.outcome, attempt.payment, attempt.proof);
      const photo =
        attempt.proof?.kind === 'photo'
          ? await uploadPhoto(tx, proofPhotoStore(), actor, { kind: 'parcel', id: parcel.id }, Buffer.from(attempt.proof.jpeg, 'base64'))
          : undefined;
      const codCollected = attempt.payment ? cashCollected(current.cod_amount, attempt.payment.payment) : 0;
      for (const state of steps) {
        const final = state === attempt.outcome;
        await insertEvent(tx, {
          id: final ? attempt.eventId : newId(),
          parcelId: current.id,
          courierId: actor.id,
          kind: state as 'out_for_delivery' | Outcome,
          failureReason: final ? attempt.failureReason : null,
          payment: final ? (attempt.payment?.payment ?? null) : null,
          codCollected: final ? codCollected : 0,
          villageCode: current.village_code,
          occurredAt: attempt.occurredAt,
        });
        await moveParcel(tx, current.id, { state, failureReason: final ? attempt.failureReason : null, attempted: final });
      }
      if (attempt.proof) {
        await insertProof(tx, {
          eventId: attempt.eventId,
          kind: attempt.proof.kind,
          ...(photo ? { photoId: photo.id } : {}),
          ...(attempt.proof.kind === 'signature' ? { strokes: attempt.proof.strokes } : {}),
        });
      }
      await recordAudit(tx, actor, `parcel:${attempt.outcome}`, 'parcel', {
        entityId: current.id,
        unit,
        before: { state: current.state },
        after: {
          state: attempt.outcome,
          eventId: attempt.eventId,
          failureReason: attempt.failureReason,
          payment: attempt.payment?.payment ?? null,
          codCollected,
          proof: attempt.proof?.kind ?? null,
        },
      });
      if (current.village_code) {
        const day = todayInVietnam(new Date(attempt.occurredAt));
        await refreshUnit(tx, { code: current.village_code, level: LEVEL.village }, day, DELIVERY_ELEMENTS);
      }
      return { id: attempt.eventId };
    },
  };
}

/** The parcel handed over: the payment taken (cash or a transfer to the QR) and the proof. */
export const planDelivery = (db: Db, caller: Actor | null, input: DeliverInput): Promise<PlannedWrite<RecordedEvent>> =>
  planOutcome(db, caller, {
    eventId: input.eventId,
    parcelId: input.parcelId,
    occurredAt: input.occurredAt,
    outcome: 'delivered',
    failureReason: null,
    payment: { codAmount: input.codAmount, payment: input.payment },
    proof: input.proof,
  });

/** Nobody took the parcel, with the reason; its courier may come back later the same day, or it is planned again. */
export const planFailedAttempt = (db: Db, caller: Actor | null, input: FailInput): Promise<PlannedWrite<RecordedEvent>> =>
  planOutcome(db, caller, { eventId: input.eventId, parcelId: input.parcelId, occurredAt: input.occurredAt, outcome: 'failed', failureReason: input.reason });

/** The parcel a payload names, as the server has it now: the other side of a conflict. */
export async function readServerParcel(db: Db, parcelId: unknown): Promise<ServerParcel | undefined> {
  const row = await findNamedParcel(db, parcelId);
  return row && { id: row.id, state: row.state, codAmount: row.cod_amount, failureReason: row.failure_reason };
}
