import type { ComponentChildren } from 'preact';
import type { ApiError } from './api.ts';
import { Empty, ErrorNotice, Loading } from './status.tsx';
import type { Resource } from './use-api.ts';
import './transfer-queue.css';

/**
 * A list of things waiting for a person's action (a seller's or a carrier's unmatched transfers,
 * the parcels waiting at pickup points): its title and help, what the last action did, why a
 * load or an action failed, and the items, or a word that nothing waits.
 */
export function WorkQueue(props: {
  titleId: string;
  className?: string;
  title: string;
  lead: string;
  done: string | null;
  failure: ApiError | null;
  resource: Resource<unknown>;
  count: number | undefined;
  none: string;
  children: ComponentChildren;
}) {
  const { resource } = props;
  return (
    <section aria-labelledby={props.titleId} class={props.className}>
      <h2 id={props.titleId}>{props.title}</h2>
      <p class="muted">{props.lead}</p>
      {props.done && (
        <p class="notice notice-success" role="status">
          {props.done}
        </p>
      )}
      {props.failure && <ErrorNotice error={props.failure} />}
      {resource.error && <ErrorNotice error={resource.error} onRetry={resource.reload} />}
      {!resource.data && !resource.error && <Loading />}
      {props.count === 0 && <Empty>{props.none}</Empty>}
      <ul class="transfer-queue">{props.children}</ul>
    </section>
  );
}
