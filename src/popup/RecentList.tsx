/**
 * The latest activity: one row per entry, except that a streak of sends (core/streaks.ts) is one row, "Rose × 12",
 * with what the whole streak cost, and a button that opens it to its sends.
 */
import { useState } from 'preact/hooks';
import type { ActivityRow } from '../core/streaks';
import { t } from '../platform/i18n';
import { formatCoins, formatWhen } from '../ui/format';
import { Clip, Cost, EntryRow, MoneyPending, creatorOf, type RowContext } from './EntryRow';

export function RecentList({ rows, partial, ctx }: { rows: readonly ActivityRow[]; partial: boolean; ctx: RowContext }) {
  return (
    <ul class="entries" data-testid="recent">
      {rows.map((row) => (row.kind === 'streak'
        ? <StreakRow key={row.sends[0]!.id} row={row} partial={partial} ctx={ctx} />
        : <EntryRow key={row.entry.id} entry={row.entry} ctx={ctx} />))}
    </ul>
  );
}

type Streak = Extract<ActivityRow, { kind: 'streak' }>;

function StreakRow({ row, partial, ctx }: { row: Streak; partial: boolean; ctx: RowContext }) {
  const [open, setOpen] = useState(false);
  const first = row.sends[0]!;
  const listId = `streak-${first.id}`;
  const count = formatCoins(row.count, ctx.locale);
  const title = `${row.giftName} × ${count}${partial ? ` ${t('streakPartial')}` : ''}`;
  const [from, to] = [row.from, row.to].map((at) => formatWhen(at, ctx.now, ctx.locale, ctx.timeZone));
  const span = from === to ? from : `${from}–${to}`;
  return (
    <li data-testid="recent-entry" data-kind="gift" data-streak={row.sends.length}>
      <Clip class="entry-title" text={title} testid="streak-title" />
      <span class="entry-coins" data-testid="entry-coins">−{formatCoins(row.coins, ctx.locale)}</span>
      <Clip class="entry-sub" text={`${t('toCreator', creatorOf(first))} · ${span}`} testid="entry-sub" />
      {ctx.money
        ? <ctx.money.ui.StreakCostCells sends={row.sends} money={ctx.money.figures} locale={ctx.locale} />
        : <MoneyPending ctx={ctx} />}
      <button type="button" class="link streak-toggle" data-testid="streak-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {open ? t('streakHide') : t('streakShow', formatCoins(row.sends.length, ctx.locale))}
      </button>
      {open && (
        <ul class="entries sends" id={listId} data-testid="streak-sends">
          {row.sends.map((send) => (
            <li key={send.id} data-testid="streak-send">
              <span class="entry-title">{send.count > 1 ? `${send.giftName} × ${formatCoins(send.count, ctx.locale)}` : send.giftName}</span>
              <span class="entry-coins" data-testid="entry-coins">−{formatCoins(send.coins, ctx.locale)}</span>
              <span class="entry-sub">{formatWhen(send.at, ctx.now, ctx.locale, ctx.timeZone)}</span>
              <Cost id={send.id} ctx={ctx} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
