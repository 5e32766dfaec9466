import type { TFunction } from 'i18next';
import type { LayerInput } from './types.js';

/**
 * The schedule form's labels under the API's field names, most specific first, as fieldErrors takes the
 * first name a refused field falls under (`layers.1.users.0` belongs to `layers.1.users`).
 */
export function scheduleLabels(layers: readonly LayerInput[], t: TFunction): Record<string, string> {
  const labels: Record<string, string> = { name: t('schedules.name'), timeZone: t('schedules.timeZone') };
  layers.forEach((layer, i) => {
    const n = i + 1;
    const field = `layers.${i}`;
    (layer.restrictions ?? []).forEach((_, j) => {
      const row = { layer: n, row: j + 1 };
      labels[`${field}.restrictions.${j}.days`] = t('schedules.restriction.days', row);
      labels[`${field}.restrictions.${j}.start`] = t('schedules.restriction.start', row);
      labels[`${field}.restrictions.${j}.end`] = t('schedules.restriction.end', row);
    });
    Object.assign(labels, {
      [`${field}.name`]: t('schedules.layer.nameOf', { layer: n }),
      [`${field}.start`]: t('schedules.layer.startOf', { layer: n }),
      [`${field}.rotation.hours`]: t('schedules.layer.hoursOf', { layer: n }),
      [`${field}.rotation`]: t('schedules.layer.rotationOf', { layer: n }),
      [`${field}.handoffTime`]: t('schedules.layer.handoffTimeOf', { layer: n }),
      [`${field}.users`]: t('schedules.layer.usersOf', { layer: n }),
      [`${field}.restrictions`]: t('schedules.layer.restrictionsOf', { layer: n }),
      [field]: t('schedules.layer.title', { layer: n }),
    });
  });
  labels.layers = t('schedules.layers');
  return labels;
}
