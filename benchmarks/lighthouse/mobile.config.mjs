// `make bench`'s Lighthouse mobile profile: Lighthouse's default (mobile, simulated throttling),
// with the trace fix of chromium-trace.mjs.
import {fileURLToPath} from 'node:url';

export default {
  extends: 'lighthouse:default',
  artifacts: [{id: 'Trace', gatherer: fileURLToPath(new URL('./chromium-trace.mjs', import.meta.url))}],
};
