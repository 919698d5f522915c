/**
 * When the content script began to run: imported first, so it is evaluated
 * before the modules it imports (the shared extraction code, zod's schemas),
 * whose start-up is the script's work on the page too.
 */
export const scriptStart = performance.now();
