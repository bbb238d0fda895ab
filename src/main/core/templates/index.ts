/** Templates and signs: the account's cached lists and the ones added by hand, with each variable's kind and label. */
export { TemplatesService, type TemplatesDeps } from './service';
export { TemplatesRepo } from './repo';
export { createTemplatesHandlers, type TemplatesCallName } from './handlers';
