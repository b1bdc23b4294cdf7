/**
 * The Balance view's limits, loaded after first paint: the panel (popup/limits/) and the limitsView message it sends
 * are a dynamic import, so the first paint carries none of it. The panel sits below the numbers: no layout jump.
 */
import { AfterFirstPaint } from './AfterFirstPaint';

const loadPanel = () => import('./limits/LimitsPanel').then((m) => m.LimitsPanel);

export function LimitsLoader() {
  return <AfterFirstPaint load={loadPanel} />;
}

/** The parental lock's pending-reset banner (ui/LockResetBanner.tsx): the message and its protocol load after first paint. */
const loadLockBanner = () => import('../ui/LockResetBanner').then((m) => m.LockResetBanner);

export function LockBannerLoader() {
  return <AfterFirstPaint load={loadLockBanner} />;
}
