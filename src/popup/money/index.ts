/**
 * The money side of the Balance view, loaded after the coin figures have painted (a dynamic import: the cost basis,
 * the rate bases and these components are not part of the popup's first-paint JavaScript). Everything the first-paint
 * components render from it comes through this one module object.
 */
export { loadMoney } from './load';
export { CostCells, StreakCostCells } from './CostCells';
export { CombinedTotals, PeriodMoneyCells } from './PeriodMoney';
export { CreatorShareCard } from './CreatorShareCard';
export { EstimateDetails } from './EstimateDetails';
export { LiveCard } from './LiveCard';
export type { LiveFigures, MoneyFigures, PeriodKey, PeriodSummaries } from './load';
