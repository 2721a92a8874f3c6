const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** A run of 16 hex digits or more: an ObjectId, a Twilio SID's tail, a hash. */
const HEX_RUN = /[0-9a-f]{16,}/g;

/**
 * Text with every random id (UUIDs, ObjectIds, message SIDs, hashes) replaced by `<id>`, for a test that a PIN's
 * digits appear nowhere in it: random hex can hold any four digits by chance, and such a test must only fail on a
 * leak. A run of digits alone is kept (a PIN typed after a number would be one).
 */
export function withoutIds(text: string): string {
  return text.replace(UUID, '<id>').replace(HEX_RUN, (run) => (/[a-f]/.test(run) ? '<id>' : run));
}
