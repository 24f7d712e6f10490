/**
 * Lighthouse 12.2.3's Trace gatherer, with the trace made readable for newer Chromium.
 *
 * Chromium renamed the `chrome_frame_reporter` argument of its `PipelineReporter` trace events
 * to `frame_reporter` (Debian's Chromium 156 writes only the new name). Lighthouse 12.2.3's trace
 * engine reads the old name and throws, which fails the RootCauses and TraceElements gatherers
 * and the audits that need them: largest-contentful-paint-element (the LCP element and its
 * phases), render-blocking-resources, layout-shifts, lcp-lazy-loaded, prioritize-lcp-image and
 * non-composited-animations. This gatherer copies `frame_reporter` to the old name before anything
 * reads the trace; nothing else in the trace changes, and metrics and scores are computed by
 * Lighthouse as usual.
 */
import Trace from 'lighthouse/core/gather/gatherers/trace.js';

export function fixTrace(trace) {
  for (const event of trace.traceEvents) {
    const args = event.name === 'PipelineReporter' ? event.args : undefined;
    if (args && args.frame_reporter && !args.chrome_frame_reporter) {
      args.chrome_frame_reporter = args.frame_reporter;
    }
  }
  return trace;
}

export default class ChromiumTrace extends Trace {
  getArtifact() {
    return fixTrace(super.getArtifact());
  }
}
