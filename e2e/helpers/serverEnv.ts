/**
 * Environment for every relay server the e2e suite starts. Admission control
 * is off: browsers and servers share a busy 2-core machine, where a refused
 * publish or play would be a flaky test, not a finding (its own tests are in
 * server/src/ops and server/test/admission-control.test.ts).
 */
export const ADMISSION_OFF = { RELAYRTC_MAX_EVENT_LOOP_LAG_MS: '-1', RELAYRTC_MAX_CPU_PERCENT: '-1' } as const;
