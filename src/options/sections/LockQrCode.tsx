/** A QR code drawn locally as SVG (core/lock/qr.ts): the authenticator's secret never leaves the device to be drawn. */
import { useMemo } from 'preact/hooks';
import { encodeQr } from '../../core/lock/qr';

/** Modules of light margin around the code, as the standard asks. */
const QUIET = 4;

export function LockQrCode({ text, label }: { text: string; label: string }) {
  const path = useMemo(() => {
    const modules = encodeQr(text);
    let d = '';
    modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`; }));
    return { d, size: modules.length + 2 * QUIET };
  }, [text]);
  return (
    <svg role="img" aria-label={label} data-testid="lock-totp-qr" viewBox={`0 0 ${path.size} ${path.size}`} width="220" height="220"
      shape-rendering="crispEdges" style={{ background: '#fff' }}>
      <path d={path.d} fill="#000" />
    </svg>
  );
}
