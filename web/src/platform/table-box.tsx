import type { ComponentChildren } from 'preact';

/**
 * A wide table under its title. The title stays put while the table scrolls sideways inside its
 * box on a phone; the box is a focusable region so a keyboard can scroll it too.
 */
export function TableBox(props: { id: string; title: string; busy: boolean; tableClass: string; children: ComponentChildren }) {
  const { id, title, busy, tableClass, children } = props;
  return (
    <div class="table-box">
      <p id={id} class="table-title">
        {title}
      </p>
      <div class="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
        <table class={`table ${tableClass}`} aria-labelledby={id} aria-busy={busy}>
          {children}
        </table>
      </div>
    </div>
  );
}
