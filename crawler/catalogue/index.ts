/** Catalogue import: JSON, JSON Lines and CSV files into a validated Catalogue. */
export {
  CatalogueImportError,
  formatProblem,
  loadCatalogueFile,
  parseCatalogue,
  parseCatalogueSliced,
  type CatalogueProblem,
} from './import';
