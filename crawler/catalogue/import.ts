import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Catalogue } from '../../shared/model/index';
import { readCsvCatalogue } from './csv';
import { assemble, type Draft, type ImportOptions } from './draft';
import { readJsonCatalogue, readJsonLinesCatalogue } from './json';
import { CatalogueImportError, type CatalogueProblem } from './problems';
import { runSliced, runSync, type Steps } from './steps';

export { CatalogueImportError, formatProblem, type CatalogueProblem } from './problems';
export type { ImportOptions } from './draft';

const READERS: Record<string, (text: string, file: string, options: ImportOptions) => Steps<Draft>> = {
  '.json': readJsonCatalogue,
  '.jsonl': readJsonLinesCatalogue,
  '.ndjson': readJsonLinesCatalogue,
  '.csv': readCsvCatalogue,
};

function refuse(problems: CatalogueProblem[]): never {
  throw new CatalogueImportError(problems);
}

function* parseSteps(text: string, fileName: string, options: ImportOptions): Steps<Catalogue> {
  const ext = extname(fileName).toLowerCase();
  const read = READERS[ext];
  if (!read) {
    refuse([
      {
        file: fileName,
        message: `unsupported file type '${ext || '(none)'}': expected ${Object.keys(READERS).join(', ')}`,
      },
    ]);
  }
  const draft = yield* read(text, fileName, options);
  const { catalogue, problems } = yield* assemble(draft, options);
  if (!catalogue) refuse(problems);
  return catalogue;
}

/**
 * Parses a whole catalogue file; the format comes from the extension
 * (.json, .jsonl/.ndjson, .csv). Either every row is good and the catalogue is
 * returned, or nothing is and a CatalogueImportError lists every problem.
 */
export function parseCatalogue(text: string, fileName: string, options: ImportOptions = {}): Catalogue {
  return runSync(parseSteps(text, fileName, options));
}

/**
 * As `parseCatalogue`, in time slices of about `sliceMs`: a server parsing a
 * large upload keeps answering other requests meanwhile.
 */
export function parseCatalogueSliced(
  text: string,
  fileName: string,
  options: ImportOptions = {},
  sliceMs?: number,
): Promise<Catalogue> {
  return runSliced(parseSteps(text, fileName, options), sliceMs);
}

/** Reads a catalogue file as UTF-8 (refusing other encodings) and parses it. */
export async function loadCatalogueFile(path: string, options: ImportOptions = {}): Promise<Catalogue> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    refuse([{ file: path, message: `cannot read the file: ${reason}` }]);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    refuse([{ file: path, message: 'the file is UTF-16; save it as UTF-8 (in Excel: "CSV UTF-8")' }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse([
      {
        file: path,
        message: 'the file is not valid UTF-8 (GBK/GB18030 or Latin-1?); save it as UTF-8 (in Excel: "CSV UTF-8")',
      },
    ]);
  }
  return parseCatalogueSliced(text, path, options);
}
