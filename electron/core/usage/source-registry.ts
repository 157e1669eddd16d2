import type { SourceId } from '../../../shared/usage-model.js';
import { webSource } from './web/web-source.js';
import { oauthSource } from './oauth/oauth-source.js';
import { ptySource } from './pty/pty-source.js';
import { rpcSource } from './rpc/rpc-source.js';
import type { UsageSource } from './usage-source.js';

/** Every usage source by id; one instance each per process (the web source caches keychain answers). */
export const SOURCES: Record<SourceId, UsageSource> = {
  oauth: oauthSource,
  rpc: rpcSource,
  pty: ptySource,
  web: webSource,
};
