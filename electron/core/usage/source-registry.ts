import type { SourceId } from '../../../shared/usage-model.js';
import { SourceError } from '../util/source-error.js';
import { oauthSource } from './oauth/oauth-source.js';
import { rpcSource } from './rpc/rpc-source.js';
import { webSource } from '../web/web-source.js';
import type { UsageSource } from './usage-source.js';

function unavailable(id: SourceId): UsageSource {
  const error = () => new SourceError('not_supported', `The ${id} source is not available in this build of QuotaBar yet.`);
  return {
    id,
    isAvailable: async () => ({ ok: false, error: error() }),
    fetch: async () => {
      throw error();
    },
    shouldFallback: () => false,
  };
}

/** Every usage source by id. */
export const SOURCES: Record<SourceId, UsageSource> = {
  oauth: oauthSource,
  rpc: rpcSource,
  pty: unavailable('pty'),
  web: webSource,
};
