/** Catalogue import: JSON, JSON Lines and CSV files into a validated Catalogue. */
export {
  CatalogueImportError,
  formatProblem,
  loadCatalogueFile,
  parseCatalogue,
  parseCatalogueSliced,
  type CatalogueProblem,
  type ImportOptions,
} from './import';
export { CSV_COLUMNS, CSV_HOLDER_COLUMNS } from './csv';
