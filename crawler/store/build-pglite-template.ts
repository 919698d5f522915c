// Run by `npm install` (bin/build-cli.mjs): makes the embedded store's template (pglite-template.ts).
import { buildTemplate } from './pglite-template';

const { path, built } = await buildTemplate();
if (built) console.log(`embedded store template: ${path}`);
