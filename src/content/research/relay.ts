/**
 * Research mode's isolated-world relay (issue 12), registered beside the hook (hook.ts) only while research mode is
 * on. It takes the hook's batches from the private channel, believes nothing it has not checked (forward.ts), and
 * sends them to the worker, which decodes them. It stops forwarding the moment research mode is switched off (the
 * worker refuses them too: that is the enforcement; this only saves the work).
 */
import { contentApi } from '../../platform/extension-api';
import { RESEARCH_KEY } from '../../platform/research';
import { connectToHook } from './channel';
import { Forwarder } from './forward';

function start(): void {
  const api = contentApi();
  const forwarder = new Forwarder(api.runtime, () => location.href);
  const setEnabled = (value: unknown): void => forwarder.setEnabled((value as { enabled?: unknown } | undefined)?.enabled === true);
  void api.storage.local.get(RESEARCH_KEY).then((items) => setEnabled(items[RESEARCH_KEY]), () => undefined);
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && RESEARCH_KEY in changes) setEnabled(changes[RESEARCH_KEY]!.newValue);
  });
  connectToHook((raw) => forwarder.receive(raw), new AbortController().signal);
}

start();
