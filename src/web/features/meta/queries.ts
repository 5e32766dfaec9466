import { client } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';

/** What this deployment is configured with (docs link, public address); public and rarely changes. */
export const useMeta = () => useApiQuery('/meta', () => client.GET('/api/v1/meta'));
