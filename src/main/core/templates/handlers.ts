import type { HandlerGroup } from '../kernel/handlers';
import type { TemplatesService } from './service';

export type TemplatesCallName =
  | 'templates.sync'
  | 'templates.list'
  | 'templates.add'
  | 'templates.update'
  | 'templates.remove'
  | 'signs.list'
  | 'signs.add'
  | 'signs.remove';

export function createTemplatesHandlers(svc: TemplatesService): HandlerGroup<TemplatesCallName> {
  return {
    'templates.sync': () => svc.sync(),
    'templates.list': () => svc.list(),
    'templates.add': (input) => svc.add(input),
    'templates.update': (input) => svc.update(input),
    'templates.remove': (input) => ({ removed: svc.remove(input.templateId) }),
    'signs.list': () => ({ signs: svc.listSigns() }),
    'signs.add': (input) => svc.addSign(input),
    'signs.remove': (input) => ({ removed: svc.removeSign(input.signName, input.international) }),
  };
}
