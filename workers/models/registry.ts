/** Model names to implementations. */
import { ewmaModel } from './ewma';
import { garchModel } from './garch';
import { comboModel } from './combo';
import { harModel, logHarModel } from './har';
import { prophetModel } from './prophet';
import { MODEL_NAMES, type ModelName, type VolModel } from './types';

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

export function createModel(name: ModelName): VolModel {
  switch (name) {
    case 'ewma':
      return ewmaModel;
    case 'garch':
      return garchModel('normal');
    case 'garch-t':
      return garchModel('t');
    case 'gjr-t':
      return garchModel('t', true);
    case 'har':
      return harModel;
    case 'loghar':
      return logHarModel;
    case 'prophet':
      return prophetModel({ sentiment: true });
    case 'combo':
      return comboModel;
    case 'prophet-nosent':
      return { ...prophetModel({ sentiment: false }), name: 'prophet-nosent' };
  }
}
