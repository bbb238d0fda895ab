// Core's texts come from the one catalog in src/shared/locales (the renderer reads the same).
export { catalogText, type Language as CatalogLanguage } from '../../../shared/locales';
