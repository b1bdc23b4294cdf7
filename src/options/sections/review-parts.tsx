/**
 * Pieces of a review before sharing, shared by the ledger's (ReviewPanel.tsx) and the room log's (RoomLogExport.tsx):
 * the remove / put back toggle of a row and the page buttons. `prefix` keeps each review's test ids.
 */
import { t } from '../../platform/i18n';

/** The set with `value` added, or removed when it was there. */
export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

export function RemoveToggle({ prefix, gone, onToggle }: { prefix: string; gone: boolean; onToggle: () => void }) {
  return (
    <button type="button" data-testid={`${prefix}-remove`} aria-pressed={gone} onClick={onToggle}>
      {gone ? t('reviewPutBack') : t('reviewRemove')}
    </button>
  );
}

/** Previous / next page; `more`: the page shown is full, so there may be another. */
export function Pager({ prefix, page, more, onPage }: { prefix: string; page: number; more: boolean; onPage: (page: number) => void }) {
  return (
    <div class="actions">
      <button type="button" data-testid={`${prefix}-prev`} disabled={page === 0} onClick={() => onPage(page - 1)}>{t('reviewPrev')}</button>
      <button type="button" data-testid={`${prefix}-next`} disabled={!more} onClick={() => onPage(page + 1)}>{t('reviewNext')}</button>
    </div>
  );
}
