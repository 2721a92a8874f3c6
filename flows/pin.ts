/**
 * The PIN pieces under their old path, for the flows not yet written with the step builders; new code imports
 * `./steps` (the PIN step) and `./notProvided`.
 */
export { notProvided } from './notProvided';
export { checkPinActor, pinActions, pinGuards, pinLocked, pinRefusal, pinSubstates as pinStep } from './steps/pin';
