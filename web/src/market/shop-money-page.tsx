import { useEffect, useState } from 'preact/hooks';
import type { Shop } from '../../../src/market/schemas.ts';
import type { SellerOrder } from '../../../src/orders/schemas.ts';
import type { BankFeed, CreatedBankFeed, ReceivedTransfer, StatementImport } from '../../../src/payments/schemas.ts';
import { useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { formatDate } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { WorkQueue } from '../platform/work-queue.tsx';
import { useApi, type Resource } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { QueuedTransferFacts } from '../platform/queued-transfer-facts.tsx';
import { formatMoney, marketEn, marketVi } from './market.i18n.ts';
import { shopMoneyEn, shopMoneyVi } from './shop-money.i18n.ts';
import './market.css';

addMessages(marketVi, marketEn);
addMessages(shopMoneyVi, shopMoneyEn);

const PROVIDER_NAMES = { sepay: 'SePay', casso: 'Casso' } as const;
// A transfer notified while she looks at the page appears without a reload.
const QUEUE_REFRESH_MS = 5_000;

/** A shop's money arriving, for its seller on a phone: her bank feeds, the transfers to match by hand, her statements. */
export function ShopMoneyPage({ shopId }: { shopId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('money.title'));
  const shops = useApi<{ items: Shop[] }>(me ? '/api/shops/mine' : null);
  const shop = shops.data?.items.find((s) => s.id === shopId);
  const feeds = useApi<BankFeed[]>(shop ? `/api/payments/payees/shop/${shopId}/feeds` : null, { keepPrevious: true });
  return (
    <section aria-labelledby="money-title" class="shop-money">
      <h1 id="money-title">{t('money.title')}</h1>
      {shop && <p class="lead">{t('money.of_shop', { name: shop.name })}</p>}
      <p>
        <Link href={paths.selling()}>{t('money.back')}</Link>
      </p>
      {me === null && (
        <div class="notice notice-info">
          <p>{t('money.login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.shopMoney(shopId))}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {shops.error && <ErrorNotice error={shops.error} onRetry={shops.reload} />}
      {me && !shops.data && !shops.error && <Loading />}
      {shops.data && !shop && <Empty>{t('money.no_such_shop')}</Empty>}
      {shop && (
        <>
          <BankFeeds shopId={shopId} feeds={feeds} />
          <TransferQueue shopId={shopId} />
          <StatementUpload feeds={feeds.data?.filter((f) => f.active) ?? []} />
        </>
      )}
    </section>
  );
}

function BankFeeds({ shopId, feeds }: { shopId: string; feeds: Resource<BankFeed[]> }) {
  const { t } = useI18n();
  const [created, setCreated] = useState<CreatedBankFeed | null>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message || null);
    setStopping(null);
    feeds.reload();
  });
  const stop = (feed: BankFeed) => {
    if (stopping !== feed.id) return setStopping(feed.id);
    void save.run(async () => {
      await api.patch(`/api/payments/feeds/${feed.id}`, { active: false });
      return t('money.stopped', { account: feed.accountNumber });
    });
  };
  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">{t('money.feeds_title')}</h2>
      <p class="muted">{t('money.feeds_help')}</p>
      {feeds.error && <ErrorNotice error={feeds.error} onRetry={feeds.reload} />}
      {feeds.data?.length === 0 && <Empty>{t('money.feeds_none')}</Empty>}
      {done && (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      <ul class="bank-feeds">
        {feeds.data?.map((feed) => (
          <li key={feed.id} class="bank-feed">
            <p>
              <strong>{t('money.feed_line', { provider: PROVIDER_NAMES[feed.provider], account: feed.accountNumber })}</strong>
            </p>
            <p class="muted">
              {feed.active
                ? t('money.feed_active', { date: formatDate(feed.createdAt.slice(0, 10)) })
                : t('money.feed_stopped', { date: formatDate(feed.deactivatedAt?.slice(0, 10)) })}
            </p>
            {feed.active && (
              <>
                <CopyField id={`url-${feed.id}`} label={t('money.feed_url')} value={feed.webhookUrl} />
                <button type="button" class="button button-secondary" disabled={save.busy} onClick={() => stop(feed)}>
                  {stopping === feed.id ? t('money.stop_confirm') : t('money.stop')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {created ? (
        <NewFeedKey created={created} onDone={() => setCreated(null)} />
      ) : (
        <NewFeedForm
          shopId={shopId}
          onCreated={(feed) => {
            setDone(null);
            setCreated(feed);
            feeds.reload();
          }}
        />
      )}
    </section>
  );
}

function NewFeedForm({ shopId, onCreated }: { shopId: string; onCreated: (feed: CreatedBankFeed) => void }) {
  const { t, text } = useI18n();
  const [provider, setProvider] = useState<'sepay' | 'casso'>('sepay');
  const [accountNumber, setAccountNumber] = useState('');
  const [secret, setSecret] = useState('');
  const save = useSave(() => undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const body = { provider, accountNumber, ...(provider === 'casso' && secret.trim() ? { secret: secret.trim() } : {}) };
      onCreated(await api.post<CreatedBankFeed>(`/api/payments/payees/shop/${shopId}/feeds`, body));
      setAccountNumber('');
      setSecret('');
      return '';
    });
  };
  const problem = (field: string) => save.problems[field] && <p class="field-problem">{text(save.problems[field])}</p>;
  return (
    <form class="new-feed" onSubmit={submit} aria-labelledby="add-feed-title">
      <h3 id="add-feed-title">{t('money.add_title')}</h3>
      <fieldset>
        <legend>{t('money.provider')}</legend>
        {(['sepay', 'casso'] as const).map((p) => (
          <label key={p} class="choice">
            <input type="radio" name="provider" value={p} checked={provider === p} onChange={() => setProvider(p)} /> {PROVIDER_NAMES[p]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="feed-account">{t('money.account')}</label>
        <input
          id="feed-account"
          inputMode="numeric"
          autoComplete="off"
          aria-describedby="feed-account-help"
          value={accountNumber}
          onInput={(e) => setAccountNumber(e.currentTarget.value)}
          required
        />
        <p id="feed-account-help" class="field-hint">
          {t('money.account_help')}
        </p>
        {problem('accountNumber')}
      </div>
      {provider === 'casso' && (
        <div class="field">
          <label for="feed-secret">{t('money.casso_key')}</label>
          <input id="feed-secret" autoComplete="off" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
          {problem('secret')}
        </div>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      <button type="submit" class="button button-primary" disabled={save.busy}>
        {save.busy ? t('money.adding') : t('money.add')}
      </button>
    </form>
  );
}

/** The key as the server made it, this once, with what to do with it at the provider. */
function NewFeedKey({ created, onDone }: { created: CreatedBankFeed; onDone: () => void }) {
  const { t } = useI18n();
  const { feed, secret } = created;
  const account = { account: feed.accountNumber };
  const steps =
    feed.provider === 'sepay'
      ? [t('money.steps_sepay_1'), t('money.steps_sepay_2', account), t('money.steps_sepay_3'), t('money.steps_sepay_4')]
      : [t('money.steps_casso_1'), t('money.steps_casso_2'), t('money.steps_casso_3', account)];
  return (
    <div class="notice notice-warning new-feed-key" role="region" aria-labelledby="once-title">
      <h3 id="once-title">{t('money.once_title')}</h3>
      <p>{t('money.once_help')}</p>
      <CopyField id="new-feed-url" label={t('money.feed_url')} value={feed.webhookUrl} />
      <CopyField id="new-feed-secret" label={feed.provider === 'sepay' ? t('money.secret_sepay') : t('money.secret_casso')} value={secret} />
      <ol>
        {[...steps, t('money.steps_test')].map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <button type="button" class="button button-primary" onClick={onDone}>
        {t('money.done_secret')}
      </button>
    </div>
  );
}

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useI18n();
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid(t('money.copied', { what: label }));
    } catch {
      // No clipboard (an old browser, a page not served over HTTPS): the text is selected for a long press.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setSaid(t('money.copy_failed'));
    }
  };
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button-secondary" aria-label={t('money.copy_of', { what: label })} onClick={() => void copy()}>
          {t('money.copy')}
        </button>
      </div>
      <p class="muted" role="status">
        {said}
      </p>
    </div>
  );
}

interface TransferMatch {
  transfer: ReceivedTransfer;
  order: { code: string; statusName: { vi: string; en: string }; paymentStatus: string; remaining: number; excess: number };
}

function TransferQueue({ shopId }: { shopId: string }) {
  const { t, text } = useI18n();
  const queue = useApi<ReceivedTransfer[]>(`/api/payments/payees/shop/${shopId}/unmatched-transfers`, { keepPrevious: true });
  const orders = useApi<{ items: SellerOrder[] }>(`/api/shops/${shopId}/orders?status=awaiting_payment`, { keepPrevious: true });
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    queue.reload();
    orders.reload();
  });
  const { reload: reloadQueue } = queue;
  const { reload: reloadOrders } = orders;
  useEffect(() => {
    const timer = setInterval(() => {
      reloadQueue();
      reloadOrders();
    }, QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadQueue, reloadOrders]);

  const match = (transfer: ReceivedTransfer, orderCode: string) =>
    save.run(async () => {
      const { order } = await api.post<TransferMatch>(`/api/shops/${shopId}/transfers/${transfer.id}/match`, { orderCode });
      const amount = formatMoney(transfer.amount);
      if (order.paymentStatus === 'partly_paid') return t('money.matched_partly', { amount, code: order.code, remaining: formatMoney(order.remaining) });
      if (order.excess > 0) return t('money.matched_over', { amount, code: order.code, status: text(order.statusName), excess: formatMoney(order.excess) });
      return t('money.matched_paid', { amount, code: order.code, status: text(order.statusName) });
    });
  const setAside = (transfer: ReceivedTransfer) =>
    save.run(async () => {
      await api.patch(`/api/payments/transfers/${transfer.id}`, { state: 'set_aside' });
      return t('money.set_aside_done', { amount: formatMoney(transfer.amount) });
    });

  return (
    <WorkQueue
      titleId="queue-title"
      title={t('money.queue_title')}
      lead={t('money.queue_help')}
      done={done}
      failure={save.error}
      resource={queue}
      count={queue.data?.length}
      none={t('money.queue_none')}
    >
      {queue.data?.map((transfer) => (
        <QueuedTransfer
          key={transfer.id}
          transfer={transfer}
          orders={orders.data?.items ?? []}
          busy={save.busy}
          onMatch={(code) => void match(transfer, code)}
          onSetAside={() => void setAside(transfer)}
        />
      ))}
    </WorkQueue>
  );
}

function QueuedTransfer(props: {
  transfer: ReceivedTransfer;
  orders: readonly SellerOrder[];
  busy: boolean;
  onMatch: (orderCode: string) => void;
  onSetAside: () => void;
}) {
  const { t } = useI18n();
  const { transfer } = props;
  const [chosen, setChosen] = useState('');
  const due = (order: SellerOrder) => order.total - order.paid;
  // The orders this transfer would pay exactly come first: most often the one she is looking for.
  const options = [...props.orders].sort((a, b) => Number(due(b) === transfer.amount) - Number(due(a) === transfer.amount));
  const reason = transfer.unmatchedReason ?? '';
  const reasonText = ['no_code', 'unknown_code', 'several_orders'].includes(reason)
    ? t(`money.reason.${reason}` as 'money.reason.no_code')
    : t('money.reason.other', { reason });
  const select = `match-${transfer.id}`;
  return (
    <li class="queued-transfer" data-transfer={transfer.id}>
      <QueuedTransferFacts
        transfer={transfer}
        reason={reasonText}
        labels={{
          amount: t('money.transfer_amount'),
          time: t('money.transfer_time'),
          content: t('money.transfer_content'),
          reason: t('money.transfer_reason'),
        }}
      />
      {options.length === 0 ? (
        <p class="muted">{t('money.no_open_orders')}</p>
      ) : (
        <form
          class="match-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) props.onMatch(chosen);
          }}
        >
          <label for={select}>{t('money.match_to')}</label>
          <select id={select} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} required>
            <option value="">{t('money.match_choose')}</option>
            {options.map((order) => (
              <option key={order.id} value={order.code}>
                {t(due(order) === transfer.amount ? 'money.match_option_same' : 'money.match_option', {
                  code: order.code,
                  amount: formatMoney(due(order)),
                  buyer: order.buyerName,
                })}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-primary" disabled={props.busy || !chosen}>
            {t('money.match')}
          </button>
        </form>
      )}
      <button type="button" class="button button-secondary" disabled={props.busy} onClick={props.onSetAside}>
        {t('money.set_aside')}
      </button>
    </li>
  );
}

function StatementUpload({ feeds }: { feeds: readonly BankFeed[] }) {
  const { t, text } = useI18n();
  const [feedId, setFeedId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // The counts, not a sentence: the result follows the language switch.
  const [done, setDone] = useState<StatementImport | null>(null);
  const save = useSave(() => undefined);
  const chosenFeed = feeds.find((f) => f.id === feedId) ?? feeds[0];
  const send = (dryRun: boolean) => {
    if (!file || !chosenFeed) return;
    setDone(null);
    void save.run(async () => {
      setDone(await api.upload<StatementImport>(`/api/payments/feeds/${chosenFeed.id}/statements`, file, { query: { dryRun: String(dryRun) } }));
      return '';
    });
  };
  const rows = save.error?.issues ?? [];
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">{t('money.statement_title')}</h2>
      <p class="muted">{t('money.statement_help')}</p>
      {feeds.length === 0 ? (
        <Empty>{t('money.statement_no_feed')}</Empty>
      ) : (
        <form class="statement-form" onSubmit={(e) => e.preventDefault()}>
          {feeds.length > 1 && (
            <div class="field">
              <label for="statement-feed">{t('money.statement_feed')}</label>
              <select id="statement-feed" value={chosenFeed?.id} onChange={(e) => setFeedId(e.currentTarget.value)}>
                {feeds.map((feed) => (
                  <option key={feed.id} value={feed.id}>
                    {t('money.feed_line', { provider: PROVIDER_NAMES[feed.provider], account: feed.accountNumber })}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for="statement-file">{t('money.statement_file')}</label>
            <input
              id="statement-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </div>
          <div class="actions">
            <button type="button" class="button button-secondary" disabled={!file || save.busy} onClick={() => send(true)}>
              {t('money.statement_check')}
            </button>
            <button type="button" class="button button-primary" disabled={!file || save.busy} onClick={() => send(false)}>
              {save.busy ? t('money.statement_busy') : t('money.statement_import')}
            </button>
          </div>
        </form>
      )}
      {done && (
        <p class="notice notice-success" role="status">
          {t(done.dryRun ? 'money.statement_dry' : 'money.statement_result', { credits: done.credits, already: done.alreadyReceived, imported: done.imported })}
        </p>
      )}
      {save.error && <ErrorNotice error={save.error} />}
      {rows.length > 0 && (
        <div class="statement-issues">
          <p>{t('money.statement_issues', { count: rows.length })}</p>
          <ul>
            {rows.map((issue, i) => (
              <li key={i}>{issue.row === undefined ? text(issue.message) : t('money.statement_issue', { row: issue.row, message: text(issue.message) })}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
