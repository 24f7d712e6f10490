// `make bench`'s Lighthouse desktop profile: exactly `--preset=desktop` (Lighthouse's own
// desktop-config.js), with the trace fix of chromium-trace.mjs.
import {fileURLToPath} from 'node:url';
import desktop from 'lighthouse/core/config/desktop-config.js';

export default {
  ...desktop,
  artifacts: [{id: 'Trace', gatherer: fileURLToPath(new URL('./chromium-trace.mjs', import.meta.url))}],
};
