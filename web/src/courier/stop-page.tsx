import { useState } from 'preact/hooks';
import type { DeliverInput, FailInput } from '../../../src/delivery/courier.schema.ts';
import type { Mutation } from '../field/field.types.ts';
import { uuidv7 } from '../field/uuidv7.ts';
import { useCourierI18n, dong, type CourierKey } from './courier.i18n.ts';
import { isSettled, type StopView } from './courier.rules.ts';
import { compressPhoto } from './proof-photo.ts';
import { SignaturePad, type Strokes } from './signature-pad.tsx';
import { VietQrCode } from './vietqr-code.tsx';

type ProofKind = DeliverInput['proof']['kind'];
const REASONS: FailInput['reason'][] = ['not_home', 'refused', 'wrong_address', 'unreachable'];

/** One stop at the door: who and where, call, then delivered (payment, proof) or failed (reason). */
export function StopPage({
  stop,
  position,
  onBack,
  onSave,
  onDrop,
}: {
  stop: StopView;
  position: number;
  onBack: () => void;
  onSave: (mutation: Mutation, message: string) => Promise<void>;
  onDrop: (id: string) => void;
}) {
  const { t, text } = useCourierI18n();
  return (
    <article class="courier-stop-page" aria-labelledby="stop-title">
      <button type="button" class="link-button" onClick={onBack}>
        {t('stop.back')}
      </button>
      <h1 id="stop-title">
        {position}. {stop.recipientName}
      </h1>
      <p>
        {stop.villageName} · {stop.trackingCode} · {t('stop.window', { start: stop.window.start, end: stop.window.end })}
      </p>
      {stop.pickupPoint && <p>{t('stop.pickup', { name: stop.pickupPoint.name })}</p>}
      <p>
        <a class="button button-secondary" href={`tel:${stop.phone}`}>
          ☎ {t('stop.call', { name: stop.recipientName })}
        </a>
      </p>
      {stop.refused && (
        <div class="notice notice-error" role="alert">
          <p>
            <strong>{t('attention.title')}:</strong> {stop.refused.lastError ? text(stop.refused.lastError.message) : ''}
          </p>
          <button type="button" class="button button-secondary" onClick={() => onDrop(stop.refused!.id)}>
            {t('attention.drop')}
          </button>
        </div>
      )}
      {isSettled(stop) ? (
        <p class={`courier-state courier-state-${stop.state}`}>{t(`state.${stop.state}` as CourierKey)}</p>
      ) : (
        <>
          {stop.state === 'failed' && <p class="courier-state courier-state-failed">{t('stop.failed_try_again')}</p>}
          <DeliverForm stop={stop} onSave={onSave} />
          <FailForm stop={stop} onSave={onSave} />
        </>
      )}
    </article>
  );
}

function DeliverForm({ stop, onSave }: { stop: StopView; onSave: (mutation: Mutation, message: string) => Promise<void> }) {
  const { t } = useCourierI18n();
  const [payment, setPayment] = useState<'cash' | 'transfer'>('cash');
  const [proofKind, setProofKind] = useState<ProofKind>('code');
  const [code, setCode] = useState('');
  const [photo, setPhoto] = useState<{ base64: string; bytes: number } | null>(null);
  const [photoFailed, setPhotoFailed] = useState(false);
  const [strokes, setStrokes] = useState<Strokes>([]);
  const [missing, setMissing] = useState(false);

  const proof = (): DeliverInput['proof'] | null => {
    if (proofKind === 'code') return code.trim() ? { kind: 'code', code: code.trim() } : null;
    if (proofKind === 'photo') return photo ? { kind: 'photo', jpeg: photo.base64 } : null;
    return strokes.length > 0 ? { kind: 'signature', strokes } : null;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const given = proof();
    if (!given) return setMissing(true);
    const payload: DeliverInput = {
      eventId: uuidv7(),
      parcelId: stop.parcelId,
      occurredAt: new Date().toISOString(),
      codAmount: stop.codAmount,
      payment: stop.codAmount > 0 ? payment : null,
      proof: given,
    };
    await onSave({ kind: 'parcel.deliver', payload }, t('saved.delivered', { name: stop.recipientName }));
  };

  return (
    <form class="courier-form" onSubmit={(event) => void submit(event)} aria-labelledby="deliver-title">
      <h2 id="deliver-title">{t('deliver.title')}</h2>
      {stop.codAmount > 0 && (
        <fieldset>
          <legend>{t('deliver.payment')}</legend>
          <label class="choice">
            <input type="radio" name="payment" value="cash" checked={payment === 'cash'} onChange={() => setPayment('cash')} />
            {t('deliver.cash', { amount: dong(stop.codAmount) })}
          </label>
          {stop.transfer ? (
            <label class="choice">
              <input type="radio" name="payment" value="transfer" checked={payment === 'transfer'} onChange={() => setPayment('transfer')} />
              {t('deliver.transfer')}
            </label>
          ) : (
            <p class="muted">{t('deliver.no_qr')}</p>
          )}
          {payment === 'transfer' && stop.transfer && (
            <div class="courier-qr">
              <VietQrCode
                payload={stop.transfer.payload}
                label={t('deliver.qr_label', { amount: dong(stop.transfer.amount), holder: stop.transfer.holderName, content: stop.transfer.content })}
              />
              <p>
                <strong>{dong(stop.transfer.amount)}</strong> · {stop.transfer.holderName} · {stop.transfer.content}
              </p>
              <p class="muted">{t('deliver.qr_help')}</p>
            </div>
          )}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('proof.title')}</legend>
        <div class="courier-proof-kinds">
          {(['code', 'photo', 'signature'] as const).map((kind) => (
            <label class="choice" key={kind}>
              <input type="radio" name="proof" value={kind} checked={proofKind === kind} onChange={() => setProofKind(kind)} />
              {t(`proof.${kind}`)}
            </label>
          ))}
        </div>
        {proofKind === 'code' && (
          <label class="field">
            <span>{t('proof.code_label')}</span>
            <input type="text" name="code" autocomplete="off" autocapitalize="characters" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </label>
        )}
        {proofKind === 'photo' && (
          <label class="field">
            <span>{t('proof.photo_label')}</span>
            <input
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (!file) return;
                void compressPhoto(file).then((compressed) => {
                  setPhoto(compressed);
                  setPhotoFailed(compressed === null);
                });
              }}
            />
            {photo && <span role="status">{t('proof.photo_ready', { kb: Math.ceil(photo.bytes / 1024) })}</span>}
            {photoFailed && <span class="field-problem">{t('proof.photo_failed')}</span>}
          </label>
        )}
        {proofKind === 'signature' && (
          <div class="field">
            <span>{t('proof.sign_label')}</span>
            <SignaturePad label={t('proof.sign_label')} strokes={strokes} onChange={setStrokes} />
            <button type="button" class="button button-secondary" onClick={() => setStrokes([])}>
              {t('proof.clear')}
            </button>
          </div>
        )}
        {missing && !proof() && (
          <p class="field-problem" role="alert">
            {t('proof.missing')}
          </p>
        )}
      </fieldset>
      <button type="submit" class="button button-primary">
        {t('deliver.save')}
      </button>
    </form>
  );
}

function FailForm({ stop, onSave }: { stop: StopView; onSave: (mutation: Mutation, message: string) => Promise<void> }) {
  const { t } = useCourierI18n();
  const [reason, setReason] = useState<FailInput['reason']>('not_home');
  const submit = async (event: Event) => {
    event.preventDefault();
    const payload: FailInput = { eventId: uuidv7(), parcelId: stop.parcelId, occurredAt: new Date().toISOString(), reason };
    await onSave({ kind: 'parcel.fail', payload }, t('saved.failed', { name: stop.recipientName }));
  };
  return (
    <form class="courier-form" onSubmit={(event) => void submit(event)} aria-labelledby="fail-title">
      <h2 id="fail-title">{t('fail.title')}</h2>
      <label class="field">
        <span>{t('fail.reason')}</span>
        <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as FailInput['reason'])}>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`fail.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button button-secondary">
        {t('fail.save')}
      </button>
    </form>
  );
}
